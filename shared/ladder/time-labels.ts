// Times on the ladder: each row's offset from the first message ("+1.234 s", what a technician
// compares with a finding's "t=1.234 s") and the gap since the row above ("+12 ms"), which is what
// shows a timer: 500 ms for a timer A retransmission (RFC 3261 §17.1.1.2), a slow 180, …

/** Offset from the first message, always in seconds with milliseconds: "+0.000 s", "+61.250 s". */
export function offsetLabel(micros: number): string {
  const ms = Math.round(micros / 1000);
  const abs = Math.abs(ms);
  return `${ms < 0 ? '-' : '+'}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')} s`;
}

/** Gap since the previous row: "+0.4 ms", "+12 ms", "+1.234 s"; "" for the first row. */
export function deltaLabel(micros: number | undefined): string {
  if (micros === undefined || !Number.isFinite(micros)) return '';
  const sign = micros < 0 ? '-' : '+';
  const abs = Math.abs(micros);
  if (abs >= 999_500) return `${sign}${offsetLabel(abs).slice(1)}`;
  // Under 10 ms the tenths matter: a loopback 100 Trying arrives in well under a millisecond.
  if (abs < 9_950) return `${sign}${(abs / 1000).toFixed(1)} ms`;
  return `${sign}${Math.round(abs / 1000)} ms`;
}
