// Schemas of the Traces and Findings screens: an sngrep-like call list paged by query, the messages
// of the selected calls for the ladder (without raw text: that is fetched per message on click),
// and findings from the diagnostics rules.
import { z } from 'zod';

export const MAX_CALLS_PAGE = 1000;
/** The ladder draws at most this many messages at once; the reply says when it cut. */
export const MAX_LADDER_MESSAGES = 20000;
/** Largest import accepted over IPC (base64 of a pcap). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const endpoint = z.object({ address: z.string(), port: z.int().min(0).max(65535) });

/** An INVITE dialog's state, as sngrep's call list says it. */
export const callStateSchema = z.enum([
  'calling',
  'ringing',
  'in call',
  'completed',
  'cancelled',
  'rejected',
  'busy',
  'diverted',
]);

/** Which way audio flowed, from the caller's side (shared/media/verdict-kind.ts). */
const audioVerdictSchema = z.enum(['two-way', 'one-way-out', 'one-way-in', 'none']);

/** One RTP stream of a capture (shared/media/rtp-stream.ts, shared/diagnostics/media-view.ts). */
export const rtpStreamSchema = z.object({
  src: endpoint,
  dst: endpoint,
  ssrc: z.number(),
  payloadTypes: z.array(z.int()),
  packets: z.int().min(0),
  expected: z.int().min(0),
  lost: z.int().min(0),
  duplicates: z.int().min(0),
  outOfOrder: z.int().min(0),
  jitterMs: z.number(),
  maxJitterMs: z.number(),
  meanJitterMs: z.number(),
  maxDeltaMs: z.number(),
  firstMicros: z.number(),
  lastMicros: z.number(),
  plausible: z.boolean(),
  rtcp: z
    .object({
      reports: z.int().min(0),
      fractionLost: z.number(),
      cumulativeLost: z.number(),
      jitterMs: z.number(),
      senderPackets: z.number().optional(),
    })
    .optional(),
  /** Unset for a stream no SDP names. */
  direction: z.enum(['from-caller', 'to-caller']).optional(),
});

/** A call's RTP: its verdict and every stream (Wireshark's RTP Streams for that call). */
export const callMediaSchema = z.object({
  callId: z.string(),
  answered: z.boolean(),
  verdict: audioVerdictSchema,
  fromCaller: z.int().min(0),
  toCaller: z.int().min(0),
  ssrcChanges: z.int().min(0),
  streams: z.array(rtpStreamSchema),
});

export const callSummarySchema = z.object({
  /** Call-ID; messages without one (garbage) are grouped under "". */
  callId: z.string(),
  firstTsMicros: z.number(),
  lastTsMicros: z.number(),
  /** Method of the first request (INVITE, REGISTER, OPTIONS, …). */
  method: z.string(),
  from: z.string(),
  to: z.string(),
  /** Highest final status seen for the first request's CSeq, if any. */
  status: z.int().optional(),
  /** INVITE calls only: calling, ringing, in call, completed, cancelled, rejected, busy, diverted. */
  state: callStateSchema.optional(),
  messageCount: z.int().min(0),
  /** Findings that point at this call's messages, by severity. */
  errors: z.int().min(0),
  warnings: z.int().min(0),
  /** INVITE calls of a capture that held RTP: the audio verdict and the streams' packets each way. */
  audio: z
    .object({
      verdict: audioVerdictSchema,
      fromCaller: z.int().min(0),
      toCaller: z.int().min(0),
      streams: z.int().min(0),
    })
    .optional(),
});

export const ladderMessageSchema = z.object({
  id: z.int().min(1),
  tsMicros: z.number(),
  direction: z.enum(['in', 'out']),
  transport: z.enum(['udp', 'tcp']),
  local: endpoint,
  remote: endpoint,
  parsed: z.boolean(),
  callId: z.string().optional(),
  cseqSeq: z.number().optional(),
  cseqMethod: z.string().optional(),
  method: z.string().optional(),
  status: z.int().optional(),
  reason: z.string().optional(),
  /** Top Via branch, to tell a retransmission from a new transaction. */
  branch: z.string().optional(),
  /** Whether the SDP body is present, for the "SDP" mark on the arrow. */
  hasSdp: z.boolean(),
  /** Not SIP but a keep-alive (shared/sip/keep-alive.ts): drawn as a small mark. */
  keepAlive: z.enum(['ping', 'pong', 'crlf', 'spaces', 'nul', 'word', 'stun']).optional(),
  /** A copy a proxy relayed: the id of the same message on the previous hop (shared/diagnostics/relays.ts). */
  relayOf: z.int().min(1).optional(),
});

export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  title: z.string(),
  explanation: z.string(),
  fix: z.string(),
  observed: z.string().optional(),
  expected: z.string().optional(),
  evidence: z.array(
    z.object({
      /** Store id of the message that proves it. */
      messageId: z.int().min(1),
      callId: z.string().optional(),
      /** 1-based line to highlight in the raw text. */
      line: z.int().min(1).optional(),
      text: z.string().optional(),
    }),
  ),
});

export type CallSummary = z.output<typeof callSummarySchema>;
export type CallState = z.output<typeof callStateSchema>;
export type LadderMessage = z.output<typeof ladderMessageSchema>;
export type FindingView = z.output<typeof findingSchema>;
export type CallMediaData = z.output<typeof callMediaSchema>;
export type RtpStreamData = z.output<typeof rtpStreamSchema>;
