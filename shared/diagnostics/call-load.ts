// Call load per second, for the load chart and the channel/CPS rules' evidence: call attempts per
// direction, and the peak number of concurrent calls per direction and in total within each
// second. A call counts from its first INVITE to its BYE, or to its final failure when it was
// never answered (calls.ts); the direction heuristic is endpoint-roles.ts's.
import { findBuiltinProfile } from '../profiles/builtin-profiles';
import type { ProviderProfile } from '../profiles/profile-schema';
import type { CallDirection } from './endpoint-roles';
import { buildTraceIndex } from './trace-index';
import type { TraceMessage } from './trace-model';

/** A day of seconds; longer traces are cut (and say so) rather than allocate without bound. */
export const MAX_LOAD_SECONDS = 86_400;

export interface DirectionCounts {
  readonly inbound: number;
  readonly outbound: number;
  readonly unknown: number;
  readonly total: number;
}

export interface LoadSecond {
  /** Seconds since the first call attempt's second. */
  readonly second: number;
  /** Unix time of the start of this second, in seconds. */
  readonly epochSecond: number;
  /** New calls (first INVITE) in this second. */
  readonly attempts: DirectionCounts;
  /** Most calls up at once during this second. */
  readonly concurrent: DirectionCounts;
}

export interface CallLoad {
  readonly seconds: readonly LoadSecond[];
  readonly peak: { readonly attemptsPerSecond: DirectionCounts; readonly concurrent: DirectionCounts };
  readonly calls: number;
  /** True when the trace spans more than MAX_LOAD_SECONDS and the tail was left out. */
  readonly truncated: boolean;
}

export interface CallLoadOptions {
  readonly profile?: ProviderProfile;
  readonly pbxAddresses?: readonly string[];
}

type Key = 'inbound' | 'outbound' | 'unknown' | 'total';
const KEYS: readonly Key[] = ['inbound', 'outbound', 'unknown', 'total'];

interface Mutable {
  inbound: number;
  outbound: number;
  unknown: number;
  total: number;
}

const zero = (): Mutable => ({ inbound: 0, outbound: 0, unknown: 0, total: 0 });

export function callLoad(messages: readonly TraceMessage[], opts: CallLoadOptions = {}): CallLoad {
  const profile = opts.profile ?? (findBuiltinProfile('generic') as ProviderProfile);
  const index = buildTraceIndex(messages, profile, { pbxAddresses: opts.pbxAddresses });
  const calls = index.calls.filter((c) => c.startMicros !== undefined);
  if (calls.length === 0) {
    return {
      seconds: [],
      peak: { attemptsPerSecond: zero(), concurrent: zero() },
      calls: 0,
      truncated: false,
    };
  }
  const starts = calls.map((c) => c.startMicros as number);
  const ends = calls.map((c) => Math.max((c.startMicros as number) + 1, c.endMicros ?? 0));
  const firstSecond = Math.floor(Math.min(...starts) / 1_000_000);
  const lastSecond = Math.floor(Math.max(...ends) / 1_000_000);
  const span = Math.min(lastSecond - firstSecond + 1, MAX_LOAD_SECONDS);
  const attempts: Mutable[] = Array.from({ length: span }, zero);
  const concurrent: Mutable[] = Array.from({ length: span }, zero);

  const events: { t: number; delta: 1 | -1; dir: CallDirection }[] = [];
  calls.forEach((c, i) => {
    const s = Math.floor((starts[i] as number) / 1_000_000) - firstSecond;
    const bucket = attempts[s];
    if (bucket) {
      bucket[c.direction]++;
      bucket.total++;
    }
    events.push({ t: starts[i] as number, delta: 1, dir: c.direction });
    events.push({ t: ends[i] as number, delta: -1, dir: c.direction });
  });
  // Ends before starts at the same instant: a freed channel is reused, not doubled.
  events.sort((a, b) => a.t - b.t || a.delta - b.delta);
  const now = zero();
  let e = 0;
  for (let s = 0; s < span; s++) {
    const bucket = concurrent[s] as Mutable;
    for (const k of KEYS) bucket[k] = now[k];
    const endOfSecond = (firstSecond + s + 1) * 1_000_000;
    while (e < events.length && (events[e]?.t ?? Infinity) < endOfSecond) {
      const ev = events[e] as (typeof events)[number];
      now[ev.dir] += ev.delta;
      now.total += ev.delta;
      for (const k of KEYS) bucket[k] = Math.max(bucket[k], now[k]);
      e++;
    }
  }
  const seconds: LoadSecond[] = attempts.map((a, s) => ({
    second: s,
    epochSecond: firstSecond + s,
    attempts: a,
    concurrent: concurrent[s] as Mutable,
  }));
  const peakOf = (list: readonly Mutable[]): DirectionCounts => {
    const p = zero();
    for (const x of list) for (const k of KEYS) p[k] = Math.max(p[k], x[k]);
    return p;
  };
  return {
    seconds,
    peak: { attemptsPerSecond: peakOf(attempts), concurrent: peakOf(concurrent) },
    calls: calls.length,
    truncated: lastSecond - firstSecond + 1 > MAX_LOAD_SECONDS,
  };
}
