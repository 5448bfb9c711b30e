// Brute-force protection of the emulated provider: a source address that fails digest
// authentication `maxFailures` times in a row is refused with 403 for `lockMs` (as fail2ban and
// the providers' own SBCs do), so a password guesser such as svcrack learns nothing more. Keyed by
// address without the port (a new port costs a scanner nothing); the table is bounded and forgets
// the least recently seen source first. Pure: the clock is injected.
import type { Clock } from '../clock';

export interface LockoutOptions {
  readonly clock: Pick<Clock, 'nowMs'>;
  /** Failed attempts in a row that lock a source out (default 5). */
  readonly maxFailures?: number;
  /** How long a locked source is refused (default 10 minutes). */
  readonly lockMs?: number;
  /** Sources remembered (default 1,024). */
  readonly maxSources?: number;
}

export type LockState =
  | { readonly locked: false }
  | { readonly locked: true; readonly retryAfterS: number; readonly failures: number };

export interface LockedSource {
  readonly address: string;
  readonly failures: number;
  readonly lockedAtMs: number;
  readonly untilMs: number;
}

interface Entry {
  failures: number;
  lockedAtMs?: number;
  untilMs?: number;
}

export const DEFAULT_MAX_FAILURES = 5;
export const DEFAULT_LOCK_MS = 10 * 60_000;

export class AuthLockout {
  private readonly entries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly lockMs: number;
  private readonly maxSources: number;
  private readonly lockedEver: LockedSource[] = [];

  constructor(private readonly opts: LockoutOptions) {
    this.maxFailures = Math.max(1, opts.maxFailures ?? DEFAULT_MAX_FAILURES);
    this.lockMs = Math.max(1000, opts.lockMs ?? DEFAULT_LOCK_MS);
    this.maxSources = Math.max(1, opts.maxSources ?? 1024);
  }

  /** Whether `address` is locked out now. */
  check(address: string): LockState {
    const e = this.entries.get(address);
    const now = this.opts.clock.nowMs();
    if (!e?.untilMs) return { locked: false };
    if (e.untilMs <= now) {
      // The lock ran out: a fresh start, so one more wrong guess does not lock it again at once.
      this.entries.delete(address);
      return { locked: false };
    }
    e.failures++;
    return { locked: true, retryAfterS: Math.ceil((e.untilMs - now) / 1000), failures: e.failures };
  }

  /** A wrong password or unknown user from `address`; true when this failure locked it out. */
  fail(address: string): boolean {
    const now = this.opts.clock.nowMs();
    let e = this.entries.get(address);
    if (e) this.entries.delete(address);
    else {
      e = { failures: 0 };
      if (this.entries.size >= this.maxSources) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
    }
    this.entries.set(address, e);
    e.failures++;
    if (e.untilMs === undefined && e.failures >= this.maxFailures) {
      e.lockedAtMs = now;
      e.untilMs = now + this.lockMs;
      this.lockedEver.push({ address, failures: e.failures, lockedAtMs: now, untilMs: e.untilMs });
      if (this.lockedEver.length > 100) this.lockedEver.shift();
      return true;
    }
    return false;
  }

  /** A good password: the count starts again. */
  succeed(address: string): void {
    const e = this.entries.get(address);
    if (e && e.untilMs === undefined) this.entries.delete(address);
  }

  /** Sources locked out so far (the latest 100), oldest first. */
  get locked(): readonly LockedSource[] {
    return this.lockedEver;
  }
}
