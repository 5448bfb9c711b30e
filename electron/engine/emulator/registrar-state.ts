// The emulated provider's registrar (RFC 3261 §10.3) with the provider's rules: an expiry under
// the minimum interval gets 423 with Min-Expires (it would force refreshes the provider refuses), a
// refresh sooner than min_register_interval after the last one gets 429 with Retry-After (Skyetel:
// "does not accept registration more frequently than 100 seconds"), and the expiry granted is
// capped at max_expires. One table per emulator, bindings kept per region (each region is a
// registrar of its own). Pure: the clock is injected; the caller turns decisions into responses.
import type { Clock } from '../clock';
import type { Endpoint } from '../../../shared/trace-types';

export interface RegistrarRules {
  /** Fewest seconds between two registrations of one binding; also the least expiry granted. */
  readonly minIntervalS?: number;
  /** Longest expiry granted. */
  readonly maxExpiresS?: number;
}

export interface RegisterInput {
  /** The address-of-record's user (To user). */
  readonly user: string;
  /** The Contact URI as sent (without its parameters' expires). */
  readonly contact: string;
  readonly source: Endpoint;
  readonly region: number;
  /** Asked expiry: the Contact's expires parameter, else the Expires header, else 3600 (§10.2.1.1). */
  readonly expiresS: number;
  /** `Contact: *` (remove every binding, §10.2.2). */
  readonly wildcard?: boolean;
}

export interface Binding {
  readonly user: string;
  readonly contact: string;
  readonly source: Endpoint;
  readonly region: number;
  readonly registeredAtMs: number;
  readonly expiresAtMs: number;
}

export type RegisterDecision =
  | {
      readonly kind: 'granted';
      readonly expiresS: number;
      /** The expiry asked was above max_expires and was lowered. */
      readonly capped: boolean;
      /** Every current binding of the user at this region (§10.3 step 8). */
      readonly bindings: readonly Binding[];
      /** Seconds since the previous registration of this binding, when there was one. */
      readonly sinceLastS?: number;
    }
  | { readonly kind: 'removed'; readonly bindings: readonly Binding[] }
  | { readonly kind: 'too-brief'; readonly minExpiresS: number }
  | { readonly kind: 'too-soon'; readonly retryAfterS: number; readonly sinceLastS: number };

/** A refresh planned at exactly the minimum may leave a little early (timer jitter). */
const TOLERANCE_MS = 500;
/** Users × regions × contacts kept at most: a flood of made-up users must not grow the table. */
const MAX_BINDINGS = 10_000;

export class RegistrarState {
  private readonly bindings = new Map<string, Binding>();
  /** When each binding last registered, kept after it expires or is removed (the interval rule). */
  private readonly lastAt = new Map<string, number>();

  constructor(
    private readonly rules: RegistrarRules,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {}

  register(input: RegisterInput): RegisterDecision {
    const now = this.clock.nowMs();
    this.expire(now);
    const key = bindingKey(input);
    if (input.wildcard || input.expiresS === 0) {
      for (const [k, b] of this.bindings) {
        if (b.user === input.user && b.region === input.region && (input.wildcard || k === key))
          this.bindings.delete(k);
      }
      return { kind: 'removed', bindings: this.current(input.user, input.region) };
    }
    const min = this.rules.minIntervalS;
    if (min !== undefined && min > 0 && input.expiresS < min)
      return { kind: 'too-brief', minExpiresS: Math.ceil(min) };
    const last = this.lastAt.get(rateKey(input));
    const sinceLastMs = last === undefined ? undefined : now - last;
    if (min !== undefined && sinceLastMs !== undefined && sinceLastMs < min * 1000 - TOLERANCE_MS) {
      return {
        kind: 'too-soon',
        retryAfterS: Math.max(1, Math.ceil((min * 1000 - sinceLastMs) / 1000)),
        sinceLastS: sinceLastMs / 1000,
      };
    }
    const max = this.rules.maxExpiresS;
    const expiresS = max !== undefined ? Math.min(input.expiresS, max) : input.expiresS;
    if (!this.bindings.has(key) && this.bindings.size >= MAX_BINDINGS) {
      const oldest = this.bindings.keys().next();
      if (!oldest.done) this.bindings.delete(oldest.value);
    }
    this.bindings.set(key, {
      user: input.user,
      contact: input.contact,
      source: input.source,
      region: input.region,
      registeredAtMs: now,
      expiresAtMs: now + expiresS * 1000,
    });
    this.lastAt.delete(rateKey(input));
    this.lastAt.set(rateKey(input), now);
    if (this.lastAt.size > MAX_BINDINGS) {
      const oldest = this.lastAt.keys().next();
      if (!oldest.done) this.lastAt.delete(oldest.value);
    }
    return {
      kind: 'granted',
      expiresS,
      capped: expiresS < input.expiresS,
      bindings: this.current(input.user, input.region),
      ...(sinceLastMs === undefined ? {} : { sinceLastS: sinceLastMs / 1000 }),
    };
  }

  /** Every live binding, oldest registration first. */
  all(): readonly Binding[] {
    this.expire(this.clock.nowMs());
    return [...this.bindings.values()].sort((a, b) => a.registeredAtMs - b.registeredAtMs);
  }

  private current(user: string, region: number): Binding[] {
    return [...this.bindings.values()].filter((b) => b.user === user && b.region === region);
  }

  private expire(now: number): void {
    for (const [k, b] of this.bindings) if (b.expiresAtMs <= now) this.bindings.delete(k);
  }
}

function bindingKey(i: Pick<RegisterInput, 'user' | 'region' | 'contact'>): string {
  return `${i.user}\u0000${i.region}\u0000${i.contact.toLowerCase()}`;
}

/** The interval is counted per PBX: the user, the region and the address it registers from. */
function rateKey(i: RegisterInput): string {
  return `${i.user}\u0000${i.region}\u0000${i.source.address}`;
}
