// Per-source admission for the requests that create state (RFC 3261 §21.5.4, 503 + Retry-After):
// a token bucket per source address, in a bounded table that forgets the least recently seen
// source first. A flood from one address is answered statelessly at O(1) per datagram and never
// grows a table; the clock is injected so the arithmetic is tested without waiting.
import type { Clock } from '../clock';

/** Requests that start a dialog, a registration or a subscription: the ones worth limiting. */
export const STATE_CREATING_METHODS: ReadonlySet<string> = new Set([
  'INVITE',
  'REGISTER',
  'SUBSCRIBE',
  'REFER',
  'PUBLISH',
  'MESSAGE',
]);

export interface FloodGuardOptions {
  readonly clock: Pick<Clock, 'nowMs'>;
  /** Requests per second one source may keep sending (default 10: far above any PBX's test calls). */
  readonly ratePerS?: number;
  /** How many may come at once before the rate applies (default 20). */
  readonly burst?: number;
  /** Sources remembered; the least recently seen is forgotten first (default 1,024). */
  readonly maxSources?: number;
}

export type Admission =
  | { readonly admitted: true }
  | {
      readonly admitted: false;
      /** Whole seconds until a request would be admitted again. */ readonly retryAfterS: number;
    };

interface Bucket {
  tokens: number;
  atMs: number;
}

export const DEFAULT_RATE_PER_S = 10;
export const DEFAULT_BURST = 20;
export const DEFAULT_MAX_SOURCES = 1024;

export class FloodGuard {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly maxSources: number;
  private refusedCount = 0;

  constructor(private readonly opts: FloodGuardOptions) {
    const rate = opts.ratePerS ?? DEFAULT_RATE_PER_S;
    if (!(rate > 0)) throw new Error(`FloodGuard: ratePerS must be above 0, not ${rate}`);
    this.ratePerMs = rate / 1000;
    this.burst = Math.max(1, opts.burst ?? DEFAULT_BURST);
    this.maxSources = Math.max(1, opts.maxSources ?? DEFAULT_MAX_SOURCES);
  }

  /** Requests refused so far. */
  get refused(): number {
    return this.refusedCount;
  }

  /** Sources in the table now (never above maxSources). */
  get sources(): number {
    return this.buckets.size;
  }

  /**
   * Takes one token from `source`'s bucket. The key is the source address without the port: a
   * new port costs a flooder nothing, so a per-port key would not limit anything.
   */
  admit(source: string): Admission {
    const now = this.opts.clock.nowMs();
    let bucket = this.buckets.get(source);
    if (bucket) {
      // Map order is the LRU order: move this source to the most recent end.
      this.buckets.delete(source);
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.atMs) * this.ratePerMs);
      bucket.atMs = now;
    } else {
      bucket = { tokens: this.burst, atMs: now };
      if (this.buckets.size >= this.maxSources) {
        const oldest = this.buckets.keys().next();
        if (!oldest.done) this.buckets.delete(oldest.value);
      }
    }
    this.buckets.set(source, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { admitted: true };
    }
    this.refusedCount++;
    return {
      admitted: false,
      retryAfterS: Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerMs / 1000)),
    };
  }
}
