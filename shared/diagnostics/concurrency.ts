// Concurrent calls and call rates from call start/end times: a sweep over start/end events for
// channel limits, and a sliding window for calls per second. Shared by trunk.limits,
// reg.channels, reg.cps and callLoad so they all count the same way.

export interface Interval<T> {
  readonly start: number;
  readonly end: number;
  readonly item: T;
}

export interface ConcurrencyPeak<T> {
  readonly count: number;
  readonly atMicros: number;
  /** Intervals active at that moment, in start order. */
  readonly active: readonly Interval<T>[];
}

export interface ConcurrencyReport<T> {
  readonly peak: ConcurrencyPeak<T>;
  /** The first moment the count went above the limit, when it did. */
  readonly firstAbove?: ConcurrencyPeak<T>;
  /** How many calls started while the limit was already reached (they would be refused). */
  readonly startsAboveLimit: number;
}

/**
 * Ends sort before starts at the same instant: a call that hangs up as another starts does not
 * overlap it (the provider frees the channel on the BYE).
 */
export function sweepConcurrency<T>(
  intervals: readonly Interval<T>[],
  limit = Number.POSITIVE_INFINITY,
): ConcurrencyReport<T> | undefined {
  if (intervals.length === 0) return undefined;
  const events: { readonly t: number; readonly delta: 1 | -1 }[] = [];
  // A call with no measurable length still occupied a channel for an instant.
  const endOf = (i: Interval<T>): number => Math.max(i.start + 1, i.end);
  for (const i of intervals) {
    events.push({ t: i.start, delta: 1 });
    events.push({ t: endOf(i), delta: -1 });
  }
  events.sort((a, b) => a.t - b.t || a.delta - b.delta);
  let count = 0;
  let peakCount = 0;
  let peakAt = events[0]?.t ?? 0;
  let aboveAt: number | undefined;
  let startsAbove = 0;
  for (const e of events) {
    count += e.delta;
    if (e.delta === 1 && count > limit) {
      startsAbove++;
      aboveAt ??= e.t;
    }
    if (count > peakCount) {
      peakCount = count;
      peakAt = e.t;
    }
  }
  const activeAt = (t: number): Interval<T>[] => intervals.filter((i) => i.start <= t && endOf(i) > t);
  const peak = { count: peakCount, atMicros: peakAt, active: activeAt(peakAt) };
  const firstAbove =
    aboveAt === undefined
      ? undefined
      : { count: activeAt(aboveAt).length, atMicros: aboveAt, active: activeAt(aboveAt) };
  return { peak, firstAbove, startsAboveLimit: startsAbove };
}

export interface RateWindow<T> {
  readonly count: number;
  readonly fromMicros: number;
  readonly items: readonly T[];
}

export interface RateReport<T> {
  /** The busiest window. */
  readonly worst: RateWindow<T>;
  /** Attempts that, counting themselves, exceeded the limit within the window ending at them. */
  readonly overLimit: number;
  /** Window length used: one second, or 1/limit seconds for limits below one per second. */
  readonly windowMicros: number;
  /** Attempts allowed per window. */
  readonly allowed: number;
}

/** Sliding window over attempt times (sorted or not). */
export function slidingRate<T>(
  attempts: readonly { readonly at: number; readonly item: T }[],
  perSecond: number,
): RateReport<T> | undefined {
  if (attempts.length === 0 || !(perSecond > 0)) return undefined;
  const sorted = [...attempts].sort((a, b) => a.at - b.at);
  const windowMicros = perSecond >= 1 ? 1_000_000 : Math.round(1_000_000 / perSecond);
  const allowed = perSecond >= 1 ? perSecond : 1;
  let lo = 0;
  let worstCount = 0;
  let worstLo = 0;
  let worstHi = 0;
  let over = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    const at = (sorted[hi] as { at: number }).at;
    while ((sorted[lo] as { at: number }).at <= at - windowMicros) lo++;
    const count = hi - lo + 1;
    if (count > allowed) over++;
    if (count > worstCount) {
      worstCount = count;
      worstLo = lo;
      worstHi = hi;
    }
  }
  const window = sorted.slice(worstLo, worstHi + 1);
  return {
    worst: { count: worstCount, fromMicros: window[0]?.at ?? 0, items: window.map((w) => w.item) },
    overLimit: over,
    windowMicros,
    allowed,
  };
}
