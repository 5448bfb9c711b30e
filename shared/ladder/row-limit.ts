// The maxRows / width options of the text and SVG writers: a count, whatever a caller passes.

/** A non-negative whole number; the fallback when none (or NaN) is given. Infinity means no limit. */
export function rowLimit(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(0, Math.floor(value));
}
