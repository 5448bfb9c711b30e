// Times in findings read as seconds from the start of the trace ("t=12.300 s"), which is what a
// technician compares with the ladder diagram; intervals as plain seconds.

export const MICROS_PER_SECOND = 1_000_000;

export function seconds(micros: number): number {
  return micros / MICROS_PER_SECOND;
}

/** "12.3 s", "0.512 s": three decimals under ten seconds, one above. */
export function formatSeconds(s: number): string {
  const abs = Math.abs(s);
  const text = abs < 10 ? s.toFixed(3) : abs < 1000 ? s.toFixed(1) : s.toFixed(0);
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return `${trimmed === '' || trimmed === '-' ? '0' : trimmed} s`;
}

export function formatInterval(micros: number): string {
  return formatSeconds(seconds(micros));
}

/** "t=12.3 s" relative to the first timed message of the trace. */
export function formatAt(micros: number | undefined, origin: number | undefined): string {
  if (micros === undefined || origin === undefined) return 't=?';
  return `t=${formatSeconds(seconds(micros - origin))}`;
}
