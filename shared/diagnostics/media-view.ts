// The RTP streams of a capture as every front end shows them (CLI text and --json, reports, the
// Traces screen): plain data, no Call objects, and one line per stream in Wireshark's words.
import type { MediaVerdictKind } from '../media/verdict-kind';
import { ssrcText, type RtpStreamRecord } from '../media/rtp-stream';
import { endpointText } from '../sip/address-text';
import type { MediaReport, StreamDirection } from './call-media';

export interface StreamView extends RtpStreamRecord {
  /** Unset for a stream no SDP names (found by its RTP headers alone). */
  readonly direction?: StreamDirection;
}

export interface CallMediaView {
  readonly callId: string;
  readonly answered: boolean;
  /** From the caller's side, as a live test call says it: one-way-out = only the caller's audio flowed. */
  readonly verdict: MediaVerdictKind;
  readonly fromCaller: number;
  readonly toCaller: number;
  readonly ssrcChanges: number;
  readonly streams: readonly StreamView[];
}

export interface MediaView {
  readonly calls: readonly CallMediaView[];
  readonly unmatched: readonly StreamView[];
}

export function mediaView(report: MediaReport): MediaView {
  return {
    calls: report.calls.map((m) => ({
      callId: m.call.callId,
      answered: m.call.answer !== undefined,
      verdict: m.verdict,
      fromCaller: m.fromCaller,
      toCaller: m.toCaller,
      ssrcChanges: m.ssrcChanges,
      streams: m.streams.map((s) => ({ ...s.stream, direction: s.direction })),
    })),
    unmatched: report.unmatched,
  };
}

/** "two-way audio", "one-way: only from the caller"… in words that need no point of view. */
export function verdictText(verdict: MediaVerdictKind): string {
  switch (verdict) {
    case 'two-way':
      return 'two-way audio';
    case 'one-way-out':
      return 'one-way audio: only from the caller';
    case 'one-way-in':
      return 'one-way audio: only to the caller';
    default:
      return 'no audio';
  }
}

// RFC 3551 §6 table 4: names of the static payload types seen on phone calls.
const PAYLOAD_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'PCMU'],
  [3, 'GSM'],
  [4, 'G723'],
  [8, 'PCMA'],
  [9, 'G722'],
  [13, 'CN'],
  [18, 'G729'],
]);

export function payloadText(types: readonly number[]): string {
  return types.map((t) => PAYLOAD_NAMES.get(t) ?? `PT ${t}`).join(', ');
}

export function directionText(direction: StreamDirection | undefined): string {
  if (direction === 'from-caller') return 'from caller';
  if (direction === 'to-caller') return 'to caller';
  return 'no SDP';
}

/** One stream in one line: where, SSRC, payload, packets, loss, jitter, max delta, RTCP. */
export function streamLine(s: StreamView): string {
  const pct = s.expected > 0 ? ((100 * s.lost) / s.expected).toFixed(1) : '0.0';
  const rtcp = s.rtcp
    ? `; RTCP: ${s.rtcp.reports} report(s), lost ${s.rtcp.cumulativeLost} (${(s.rtcp.fractionLost * 100).toFixed(1)}%), jitter ${s.rtcp.jitterMs.toFixed(1)} ms${s.rtcp.senderPackets !== undefined ? `, sender says ${s.rtcp.senderPackets} sent` : ''}`
    : '';
  return (
    `${directionText(s.direction)}: ${endpointText(s.src)} → ${endpointText(s.dst)} SSRC ${ssrcText(s.ssrc)} ` +
    `${payloadText(s.payloadTypes)}, ${s.packets} packets, ${s.lost} lost (${pct}%), ` +
    `jitter ${s.jitterMs.toFixed(2)} ms (max ${s.maxJitterMs.toFixed(2)}, mean ${s.meanJitterMs.toFixed(2)}), max delta ${s.maxDeltaMs.toFixed(1)} ms${rtcp}`
  );
}

/** The call's heading: verdict and packets each way. */
export function callMediaLine(c: CallMediaView): string {
  const changes = c.ssrcChanges > 0 ? `, ${c.ssrcChanges} SSRC change(s)` : '';
  return `${c.callId}: ${verdictText(c.verdict)} (${c.fromCaller} packets from the caller, ${c.toCaller} to it${changes})`;
}
