// Which RTP streams of a capture belong to which call, and which way each one flows: the SDP of
// the offer and answer (re-INVITEs and UPDATEs included, RFC 3264 §8) names where each side wants
// its audio (c= and m=, RFC 8866 §5.7/§5.14). A stream sent to one side's SDP address is audio to
// that side; a stream sent from one side's SDP address (symmetric RTP) is audio from it. From
// that, the call's verdict as a live test call gives it, seen from the caller: "out" is what the
// caller sent. Streams whose source is not the address the sender's SDP gave are NAT sightings.
import { verdictKind, type MediaVerdictKind } from '../media/verdict-kind';
import type { RtpEndpoint, RtpStreamRecord } from '../media/rtp-stream';
import type { Call } from './calls';
import { sdpAddresses, type SdpAddressLine } from './sdp-lines';
import { fromTag } from './sip-values';
import type { Evidence, TraceMessage } from './trace-model';

export type StreamDirection = 'from-caller' | 'to-caller';
export type CallSide = 'caller' | 'callee';

export interface CallStream {
  readonly stream: RtpStreamRecord;
  readonly direction: StreamDirection;
}

/** "SDP said X, RTP came from Y": the side's audio leaves from another address than it announced. */
export interface MediaNatSighting {
  readonly side: CallSide;
  readonly sdp: RtpEndpoint;
  readonly seen: RtpEndpoint;
  readonly packets: number;
  /** The SDP line that announced `sdp`. */
  readonly evidence: Evidence;
}

export interface CallMedia {
  readonly call: Call;
  readonly streams: readonly CallStream[];
  /** RTP packets each way. */
  readonly fromCaller: number;
  readonly toCaller: number;
  /** As a live call's verdict, from the caller's side: one-way-out means only the caller's audio flowed. */
  readonly verdict: MediaVerdictKind;
  /** Extra SSRCs in one direction (a sender restarted or a relay switched sources). */
  readonly ssrcChanges: number;
  /** The last media address each side announced, and the line saying so. */
  readonly sdp: Readonly<Partial<Record<CallSide, SdpAt>>>;
  readonly nat: readonly MediaNatSighting[];
}

export interface SdpAt {
  readonly endpoint: RtpEndpoint;
  readonly evidence: Evidence;
}

export interface MediaReport {
  readonly calls: readonly CallMedia[];
  /** Streams no SDP names but that look like RTP (heuristic, as Wireshark's rtp_udp). */
  readonly unmatched: readonly RtpStreamRecord[];
}

/** SDP may be announced this long before the call's window, or RTP may trail its BYE. */
const SLACK_MICROS = 2_000_000;
/** A NAT sighting needs a few packets, not one stray. */
const NAT_MIN_PACKETS = 5;

interface Announcement {
  readonly call: Call;
  readonly side: CallSide;
  readonly micros: number;
  readonly endpoint: RtpEndpoint;
  readonly evidence: Evidence;
}

export function callMedia(calls: readonly Call[], streams: readonly RtpStreamRecord[]): MediaReport {
  const byEndpoint = new Map<string, Announcement[]>();
  const lastSdp = new Map<Call, Partial<Record<CallSide, SdpAt>>>();
  for (const call of calls) {
    const latest: Partial<Record<CallSide, SdpAt>> = {};
    for (const msg of call.messages) {
      const side = senderSide(call, msg);
      for (const line of sdpAddresses(msg)) {
        if (!usable(line)) continue;
        const endpoint = { address: line.address, port: line.port as number };
        const evidence: Evidence = { messageIndex: msg.index, line: line.line, text: line.text.trim() };
        const a: Announcement = {
          call,
          side,
          micros: msg.tsMicros ?? call.startMicros ?? 0,
          endpoint,
          evidence,
        };
        const key = keyOf(endpoint);
        const list = byEndpoint.get(key);
        if (list) list.push(a);
        else byEndpoint.set(key, [a]);
        latest[side] = { endpoint, evidence };
      }
    }
    lastSdp.set(call, latest);
  }

  const assigned = new Map<Call, CallStream[]>();
  const unmatched: RtpStreamRecord[] = [];
  const nat = new Map<Call, MediaNatSighting[]>();
  for (const stream of streams) {
    // Sent to a side's SDP address: audio to that side. Else sent from one: audio from it.
    const to = pick(byEndpoint.get(keyOf(stream.dst)), stream);
    const from = to ? undefined : pick(byEndpoint.get(keyOf(stream.src)), stream);
    const a = to ?? from;
    if (!a) {
      if (stream.plausible) unmatched.push(stream);
      continue;
    }
    const towardCaller = to ? a.side === 'caller' : a.side === 'callee';
    const list = assigned.get(a.call) ?? [];
    list.push({ stream, direction: towardCaller ? 'to-caller' : 'from-caller' });
    assigned.set(a.call, list);
    if (to && stream.packets >= NAT_MIN_PACKETS) {
      const sender: CallSide = a.side === 'caller' ? 'callee' : 'caller';
      const announced = lastSdp.get(a.call)?.[sender];
      if (announced && keyOf(announced.endpoint) !== keyOf(stream.src)) {
        const sightings = nat.get(a.call) ?? [];
        sightings.push({
          side: sender,
          sdp: announced.endpoint,
          seen: stream.src,
          packets: stream.packets,
          evidence: announced.evidence,
        });
        nat.set(a.call, sightings);
      }
    }
  }

  return {
    calls: calls.map((call) => {
      const list = assigned.get(call) ?? [];
      const fromCaller = sum(list.filter((s) => s.direction === 'from-caller'));
      const toCaller = sum(list.filter((s) => s.direction === 'to-caller'));
      return {
        call,
        streams: list,
        fromCaller,
        toCaller,
        verdict: verdictKind(fromCaller, toCaller),
        ssrcChanges: ssrcChanges(list),
        sdp: lastSdp.get(call) ?? {},
        nat: nat.get(call) ?? [],
      };
    }),
    unmatched,
  };
}

/**
 * Who sent a message of the call: a request whose From tag is the caller's came from the caller; a
 * response to such a request came from the callee (RFC 3261 §8.2.6.2: responses copy From).
 */
export function senderSide(call: Call, msg: TraceMessage): CallSide {
  const callerTagged =
    call.fromTag === undefined ? sameSender(call.invite, msg) : fromTag(msg) === call.fromTag;
  const isResponse = msg.doc.kind === 'response';
  return callerTagged !== isResponse ? 'caller' : 'callee';
}

function sameSender(a: TraceMessage, b: TraceMessage): boolean {
  return (
    a.src !== undefined && b.src !== undefined && a.src.address === b.src.address && a.src.port === b.src.port
  );
}

/** Port 0 declines or disables a stream (RFC 3264 §5.1); 0.0.0.0 is the old hold (RFC 2543). */
function usable(line: SdpAddressLine): boolean {
  return (
    line.port !== undefined &&
    line.port > 0 &&
    (line.media === undefined || line.media === 'audio') &&
    line.address !== '0.0.0.0' &&
    line.address !== '::'
  );
}

/** The call whose SDP named this endpoint last before the stream began, within the call's time. */
function pick(list: readonly Announcement[] | undefined, stream: RtpStreamRecord): Announcement | undefined {
  if (!list) return undefined;
  let best: Announcement | undefined;
  for (const a of list) {
    if (a.micros > stream.firstMicros + SLACK_MICROS) continue;
    const end = a.call.endMicros;
    if (end !== undefined && stream.firstMicros > end + SLACK_MICROS) continue;
    if (!best || a.micros >= best.micros) best = a;
  }
  return best;
}

function keyOf(e: RtpEndpoint): string {
  return `${e.address.toLowerCase()}|${e.port}`;
}

function sum(list: readonly CallStream[]): number {
  return list.reduce((n, s) => n + s.stream.packets, 0);
}

function ssrcChanges(list: readonly CallStream[]): number {
  let changes = 0;
  for (const direction of ['from-caller', 'to-caller'] as const) {
    const ssrcs = new Set(list.filter((s) => s.direction === direction).map((s) => s.stream.ssrc));
    changes += Math.max(0, ssrcs.size - 1);
  }
  return changes;
}
