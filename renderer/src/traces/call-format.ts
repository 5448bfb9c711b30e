// How a call reads in the list: its duration, its result and who it was between.
import type { CallSummary } from '../../../shared/ipc/schemas/traces';

/** "850 ms", "12.4 s", "3 min 05 s": the span from the first to the last message. */
export function formatDuration(micros: number): string {
  const ms = Math.max(0, Math.round(micros / 1000));
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

export type CallResult = 'ok' | 'failed' | 'pending';

export function callResult(call: CallSummary): CallResult {
  if (call.status === undefined) return 'pending';
  return call.status < 300 ? 'ok' : 'failed';
}

/** The user part of a From/To ("1001" from "Alice" <sip:1001@pbx>), or the text itself. */
export function shortParty(value: string): string {
  const uri = /<?(?:sips?|tel):([^@;>]+)(?:@([^;>]+))?/i.exec(value);
  if (!uri) return value;
  return uri[2] ? `${uri[1]}@${uri[2]}` : (uri[1] ?? value);
}
