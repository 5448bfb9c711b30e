// Keeps an imported trace as a run in the store, like a live one, so `sipkit traces show` and the
// UI see customer captures and our own tests the same way.
import type { RtpStreamRecord } from '../../shared/media/rtp-stream';
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { SipDocument } from '../../shared/sip/sip-document';
import type { CapturedMessage } from '../../shared/trace-types';
import { parseWire } from '../engine/sip/parse-message';
import { summarize } from '../engine/transport/summarize';
import type { TraceStore } from '../store/trace-store';
import type { ImportedMessage } from '../import/imported-message';
import type { ImportFacts } from './import-facts';

const UNKNOWN = { address: '0.0.0.0', port: 0 };

export interface StoreImportExtras {
  readonly rtpStreams?: readonly RtpStreamRecord[];
  readonly facts?: ImportFacts;
  /**
   * The tolerant parse of each message (the trace the rules read, in the same order): the store's
   * summary is taken from it instead of parsing every message a second time (summaryOfDoc).
   */
  readonly docs?: readonly SipDocument[];
}

export function storeImport(
  store: TraceStore,
  file: string,
  format: string,
  messages: readonly ImportedMessage[],
  profile: ProviderProfile,
  extras: StoreImportExtras = {},
): number {
  // One message at a time: summarised, appended, let go. A 100,000-message log never holds every
  // capture at once beside its trace (the store batches the writes itself).
  const captures = eachCapture(messages, extras.docs);
  return storeCaptures(store, file, format, captures, profile, extras.rtpStreams, extras.facts);
}

/**
 * The imported messages as the store keeps them, each parsed by the engine's parser: the slow half
 * of an import, with no store in it, so the app can run it on a worker thread.
 */
export function capturesOf(
  messages: readonly ImportedMessage[],
  docs?: readonly SipDocument[],
): CapturedMessage[] {
  return [...eachCapture(messages, docs)];
}

function* eachCapture(
  messages: readonly ImportedMessage[],
  docs?: readonly SipDocument[],
): Generator<CapturedMessage> {
  let fallbackTs: number | undefined;
  for (let k = 0; k < messages.length; k++) {
    const m = messages[k]!;
    fallbackTs ??= messages.find((x) => x.tsMicros !== undefined)?.tsMicros ?? Date.now() * 1000;
    const raw = Buffer.from(m.text, 'latin1');
    const tsMicros = m.tsMicros ?? fallbackTs;
    fallbackTs = tsMicros;
    // A capture has no "our side": its messages are kept as received by their destination. A
    // host's own log has one: what it sent is kept as sent, so its address is always `local`.
    const out = m.way === 'out';
    const meta = {
      tsMicros,
      direction: out ? ('out' as const) : ('in' as const),
      transport: m.transport === 'tcp' ? ('tcp' as const) : ('udp' as const),
      local: (out ? m.src : m.dst) ?? UNKNOWN,
      remote: (out ? m.dst : m.src) ?? UNKNOWN,
    };
    const doc = docs?.[k];
    const s = doc !== undefined ? summaryOfDoc(doc, m.text) : undefined;
    // One literal, no spreads: 100,000 of them.
    yield s !== undefined
      ? {
          tsMicros: meta.tsMicros,
          direction: meta.direction,
          transport: meta.transport,
          local: meta.local,
          remote: meta.remote,
          raw,
          parsed: true,
          callId: s.callId,
          cseqSeq: s.cseqSeq,
          cseqMethod: s.cseqMethod,
          method: s.method,
          status: s.status,
          reason: s.reason,
        }
      : summarize(raw, meta, parseWire(raw));
  }
}

type DocSummary = Pick<
  CapturedMessage,
  'parsed' | 'callId' | 'cseqSeq' | 'cseqMethod' | 'method' | 'status' | 'reason'
>;

// A start line as the engine's parser (npm `sip`) reads it, in the plainest form: one SP between
// the parts (RFC 3261 §7.1, §7.2), a method of letters only (npm `sip` unescapes %-escapes).
const PLAIN_REQUEST = /^([A-Za-z]+) \S+ SIP\/2\.0\r\n/;
const PLAIN_STATUS = /^SIP\/2\.0 (\d{3}) ([^\r\n]*)\r\n/;
const PLAIN_HOST = /^[A-Za-z0-9.-]+$/;

/**
 * What the engine's parser (parseWire, then summarize) would store for a message, read from the
 * tolerant parse the rules already made: a second parse of every message was a third of an
 * import's time. Only for a message both parsers read alike: no syntax problem, every header
 * RFC 3261 §8.1.1 makes mandatory, one Call-ID row, a plain start line and top Via host, no folded
 * line and no blank at a line's end in the headers. Anything else is undefined and goes through
 * parseWire, whose error (or lenient reading) the store keeps as before.
 */
export function summaryOfDoc(doc: SipDocument, text: string): DocSummary | undefined {
  const { callId, cseq } = doc;
  if (doc.kind === 'unknown' || doc.problems.length > 0 || callId === undefined || cseq === undefined)
    return undefined;
  const topHost = doc.vias[0]?.host;
  if (doc.from === undefined || doc.to === undefined || topHost === undefined || !PLAIN_HOST.test(topHost))
    return undefined;
  if (rowsNamed(doc, 'call-id') !== 1) return undefined;
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0 || !plainHead(text, headEnd)) return undefined;
  const request = doc.kind === 'request' ? PLAIN_REQUEST.exec(text) : null;
  const status = doc.kind === 'response' ? PLAIN_STATUS.exec(text) : null;
  if (request === null && status === null) return undefined;
  return {
    parsed: true,
    callId,
    cseqSeq: cseq.seq,
    cseqMethod: cseq.method.toUpperCase(),
    method: request?.[1],
    status: status === null ? undefined : Number(status[1]),
    reason: status?.[2]!.trim(),
  };
}

function rowsNamed(doc: SipDocument, name: string): number {
  let n = 0;
  for (const h of doc.headers) if (h.name === name) n++;
  return n;
}

/** No folded line (§7.3.1) and no blank before a line's end up to the blank line `headEnd`. */
function plainHead(text: string, headEnd: number): boolean {
  for (let i = text.indexOf('\r\n'); i >= 0 && i <= headEnd; i = text.indexOf('\r\n', i + 2)) {
    const before = text.charCodeAt(i - 1);
    const after = text.charCodeAt(i + 2);
    if (before === 32 || before === 9 || after === 32 || after === 9) return false;
  }
  return true;
}

/** Keeps captured messages as a run of kind 'import'; the run starts at the first message's time. */
export function storeCaptures(
  store: TraceStore,
  file: string,
  format: string,
  captures: Iterable<CapturedMessage>,
  profile: ProviderProfile,
  rtpStreams?: readonly RtpStreamRecord[],
  facts?: ImportFacts,
): number {
  // `rtpStreams` in the params says the source could hold RTP (a capture, not a text log), so a
  // run with 0 streams reads as "no audio captured" rather than "not known" (run-rtp.ts).
  const params = {
    ...(rtpStreams ? { format, rtpStreams: rtpStreams.length } : { format }),
    // The PBX's address and unknown times, for analyses of the stored run (import-facts.ts).
    ...facts,
  };
  let runId: number | undefined;
  for (const c of captures) {
    // The run starts at its first message's time, known once that message is.
    runId ??= store.createRun({ kind: 'import', target: file, profile: profile.name, params }, c.tsMicros);
    store.append(runId, c);
  }
  runId ??= store.createRun({ kind: 'import', target: file, profile: profile.name, params });
  if (rtpStreams) store.saveRtpStreams(runId, rtpStreams);
  return runId;
}
