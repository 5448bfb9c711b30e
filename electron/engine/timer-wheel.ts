// One hashed timing wheel drives every SIP timer (retransmissions, timeouts, refreshes), so a load
// test with thousands of live transactions costs one Node timer, not one per transaction.
// Resolution is one tick (10 ms by default): SIP timers start at T1 = 500 ms, so a tick of
// lateness is noise.
import type { Clock } from './clock';

export interface Timer {
  /** Cancel the timer; safe to call more than once or after it fired. */
  cancel(): void;
}

const RELEASED = (): void => undefined;

class TimerEntry implements Timer {
  active = true;
  constructor(
    readonly dueTick: number,
    // Mutable so that a cancelled or fired entry lets go of its callback at once: the entry itself
    // stays in its slot until the wheel next passes it (up to one revolution, 10 s), and a call's
    // callbacks hold its state. A load run cancels three such timers per call.
    public fn: () => void,
    private readonly wheel: TimerWheel,
  ) {}
  cancel(): void {
    if (!this.active) return;
    this.active = false;
    this.fn = RELEASED;
    this.wheel.onCancelled();
  }
}

export interface TimerWheelOptions {
  readonly clock: Clock;
  readonly tickMs?: number;
  readonly slots?: number;
  /** 'auto' runs a Node interval while timers are pending; 'manual' waits for advance(). */
  readonly drive?: 'auto' | 'manual';
  /** Called when a timer callback throws, so one bad callback cannot stop the wheel. */
  readonly onError?: (err: unknown) => void;
}

export class TimerWheel {
  readonly tickMs: number;
  private readonly slots: TimerEntry[][];
  private currentTick: number;
  private pending = 0;
  private interval: NodeJS.Timeout | undefined;
  private readonly clock: Clock;
  private readonly drive: 'auto' | 'manual';
  private readonly onError: (err: unknown) => void;

  constructor(opts: TimerWheelOptions) {
    this.clock = opts.clock;
    this.tickMs = opts.tickMs ?? 10;
    this.drive = opts.drive ?? 'auto';
    this.onError = opts.onError ?? (() => undefined);
    const n = opts.slots ?? 1024;
    this.slots = Array.from({ length: n }, () => []);
    this.currentTick = Math.floor(this.clock.nowMs() / this.tickMs);
  }

  /** Timers not yet fired or cancelled. */
  get size(): number {
    return this.pending;
  }

  /** The wheel's clock, in milliseconds. */
  now(): number {
    return this.clock.nowMs();
  }

  schedule(delayMs: number, fn: () => void): Timer {
    return this.scheduleAt(this.clock.nowMs() + delayMs, fn);
  }

  /**
   * Fire at an absolute clock time. Periodic timers (retransmissions) use this with the time
   * they were due, not the time they ran, so tick lateness does not accumulate.
   */
  scheduleAt(atMs: number, fn: () => void): Timer {
    // A timer never fires in the tick it was scheduled in: that keeps "fire no earlier than
    // atMs" true even when the current tick is part-way through.
    const due = Math.max(this.currentTick + 1, Math.ceil(atMs / this.tickMs));
    const entry = new TimerEntry(due, fn, this);
    this.slots[due % this.slots.length]!.push(entry);
    this.pending++;
    if (this.pending === 1 && this.drive === 'auto') this.start();
    return entry;
  }

  /** Fire every timer due up to the clock's current time, in due order. */
  advance(): void {
    const target = Math.floor(this.clock.nowMs() / this.tickMs);
    while (this.currentTick < target && this.pending > 0) {
      this.currentTick++;
      this.runSlot(this.currentTick);
    }
    // Nothing pending: jump straight to now so the next schedule() is computed from here.
    if (this.currentTick < target) this.currentTick = target;
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
  }

  /** @internal */
  onCancelled(): void {
    this.pending--;
    if (this.pending === 0) this.stop();
  }

  private runSlot(tick: number): void {
    const index = tick % this.slots.length;
    const entries = this.slots[index]!;
    if (entries.length === 0) return;
    this.slots[index] = [];
    for (const entry of entries) {
      if (!entry.active) continue;
      if (entry.dueTick > tick) {
        // A later revolution of the wheel.
        this.slots[index]!.push(entry);
        continue;
      }
      entry.active = false;
      this.pending--;
      const fn = entry.fn;
      entry.fn = RELEASED;
      try {
        fn();
      } catch (err) {
        this.onError(err);
      }
    }
    if (this.pending === 0) this.stop();
  }

  private start(): void {
    if (this.interval) return;
    // Catch up from "now" rather than from when the wheel was last idle.
    this.currentTick = Math.max(this.currentTick, Math.floor(this.clock.nowMs() / this.tickMs) - 1);
    this.interval = setInterval(() => this.advance(), this.tickMs);
  }
}
