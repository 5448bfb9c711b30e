// The provider's call caps: concurrent channels and calls per second, per region and per
// credential (Skyetel: 100 channels and 1 CPS per region, 200 and 2 per credential), and an
// IP-authenticated trunk's inbound/outbound/total limits (SkySwitch). A call over a cap is refused
// with 503, a Warning naming the cap and a Retry-After, as providers' SBCs answer. Pure: the clock
// is injected; `admit` returns the slot to release when the call ends.
import type { Clock } from '../clock';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';

export type CallDirection = 'from-pbx' | 'to-pbx';

export interface CapRefusal {
  readonly status: number;
  readonly reason: string;
  readonly warning: string;
  readonly retryAfterS: number;
  /** Which cap: for the live line and the UI. */
  readonly cap: string;
}

export type CapDecision =
  { readonly admitted: true; release(): void } | ({ readonly admitted: false } & CapRefusal);

/** A call paced exactly at the cap must pass: a token is taken at 95% full (timer jitter). */
const TOKEN_TOLERANCE = 0.05;

class RateBucket {
  private tokens: number;
  private atMs: number;
  private readonly burst: number;

  constructor(
    private readonly perS: number,
    nowMs: number,
  ) {
    this.burst = Math.max(1, perS);
    this.tokens = this.burst;
    this.atMs = nowMs;
  }

  /** Takes one token; returns false (and takes nothing) when there is none. */
  take(nowMs: number): boolean {
    if (this.perS <= 0) return false;
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.atMs) / 1000) * this.perS);
    this.atMs = nowMs;
    if (this.tokens < 1 - TOKEN_TOLERANCE) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }
}

interface Counter {
  readonly name: string;
  readonly limit: number;
  inUse: number;
}

export class CallCaps {
  private readonly counters = new Map<string, Counter>();
  private readonly buckets = new Map<string, RateBucket>();

  constructor(
    private readonly profile: ProviderProfile,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {}

  /** Calls up now, for the screen. */
  get inUse(): number {
    let n = 0;
    for (const [key, c] of this.counters) if (key.startsWith('total')) n += c.inUse;
    return n;
  }

  admit(call: {
    readonly region: number;
    readonly credential?: string;
    readonly direction: CallDirection;
  }): CapDecision {
    const p = this.profile;
    const now = this.clock.nowMs();
    const channels: { key: string; name: string; limit: number | undefined }[] = [
      { key: 'total', name: 'total calls on the trunk', limit: p.total_limit },
      call.direction === 'from-pbx'
        ? { key: 'outbound', name: 'outbound calls (from the PBX)', limit: p.outbound_limit }
        : { key: 'inbound', name: 'inbound calls (to the PBX)', limit: p.inbound_limit },
    ];
    const rates: { key: string; name: string; perS: number | undefined }[] = [];
    if (call.direction === 'from-pbx') {
      channels.push({
        key: `region ${call.region}`,
        name: `channels in region ${call.region + 1}`,
        limit: p.channel_limit,
      });
      rates.push({
        key: `region ${call.region}`,
        name: `calls per second in region ${call.region + 1}`,
        perS: p.cps_limit,
      });
      if (call.credential !== undefined) {
        channels.push({
          key: `cred ${call.credential}`,
          name: `channels of credential ${call.credential}`,
          limit: p.channel_limit_per_credential,
        });
        rates.push({
          key: `cred ${call.credential}`,
          name: `calls per second of credential ${call.credential}`,
          perS: p.cps_limit_per_credential,
        });
      }
    }
    for (const c of channels) {
      if (c.limit === undefined) continue;
      const counter = this.counter(c.key, c.name, c.limit);
      if (counter.inUse >= counter.limit)
        return {
          admitted: false,
          status: 503,
          reason: 'Service Unavailable',
          warning: `399 emulator "channel limit reached: ${counter.limit} ${c.name}"`,
          retryAfterS: 5,
          cap: `${counter.limit} ${c.name}`,
        };
    }
    for (const r of rates) {
      if (r.perS === undefined) continue;
      let bucket = this.buckets.get(r.key);
      if (!bucket) this.buckets.set(r.key, (bucket = new RateBucket(r.perS, now)));
      if (!bucket.take(now))
        return {
          admitted: false,
          status: 503,
          reason: 'Service Unavailable',
          warning: `399 emulator "CPS limit exceeded: ${r.perS} ${r.name}"`,
          retryAfterS: 1,
          cap: `${r.perS} ${r.name}`,
        };
    }
    const held: Counter[] = [];
    for (const c of channels) {
      // Counted even without a limit, for the screen's total.
      const counter = this.counter(c.key, c.name, c.limit ?? Number.POSITIVE_INFINITY);
      counter.inUse++;
      held.push(counter);
    }
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        for (const c of held) c.inUse = Math.max(0, c.inUse - 1);
      },
    };
  }

  private counter(key: string, name: string, limit: number): Counter {
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = { name, limit, inUse: 0 }));
    return c;
  }
}
