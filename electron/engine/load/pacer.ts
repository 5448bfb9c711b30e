// Drives a PacingSchedule with real time. Node's timers are millisecond-grained and may run a
// millisecond or more late, so the pacer sleeps with setTimeout until ~2 ms before the next due
// time; the last stretch is slept with Atomics.wait (a futex wait with sub-millisecond precision
// that burns no CPU; replies meanwhile queue in the socket's kernel buffer), then the call starts
// and the pacer yields to the event loop with setImmediate so replies are read between calls.
// Every call due by "now" is started in the same turn. Above 2,000 CPS the pacer wakes at most once
// per QUANTUM_MS and starts the calls due by then together: each wake-up costs a futex sleep and an
// event-loop turn (epoll, immediates), paid per wake instead of per call, and a call is then at
// most QUANTUM_MS late (the budget at the top step is 2 ms at p99).
import type { Clock } from '../clock';
import type { DueCall, PacingSchedule } from './pacing-schedule';

const SPIN_MS = 2;
/** The shortest interval between wake-ups that start calls. */
const QUANTUM_MS = 0.5;
/** Never block the event loop longer than this in one wait. */
const MAX_BLOCK_MS = 2.5;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function blockFor(ms: number): void {
  if (ms > 0.02) Atomics.wait(sleeper, 0, 0, Math.min(ms, MAX_BLOCK_MS));
}

export class Pacer {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running = false;
  private lastWakeMs = -Infinity;
  /** Due time of the last call started. */
  private lastDueMs = -Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly schedule: PacingSchedule,
    private readonly start: (call: DueCall, nowMs: number) => void,
    private readonly onIdle: () => void = () => undefined,
  ) {}

  /** (Re)starts polling, e.g. after a segment was added. */
  wake(): void {
    this.running = true;
    this.clear();
    this.loop();
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private readonly loop = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    if (!this.running) return;
    const first = this.schedule.peek();
    if (first !== undefined) {
      // Calls closer together than QUANTUM_MS wait for the quantum; slower rates wake for each call
      // at its time (a late wake must not push the next call later).
      const wakeAt =
        first - this.lastDueMs < QUANTUM_MS ? Math.max(first, this.lastWakeMs + QUANTUM_MS) : first;
      blockFor(wakeAt - this.clock.nowMs());
    }
    const now = this.clock.nowMs();
    this.lastWakeMs = now;
    let call: DueCall | undefined;
    // Bounded so a huge backlog (the process was stopped) cannot starve the receive path.
    for (let n = 0; n < 5000 && (call = this.schedule.take(now)) !== undefined; n++) {
      this.lastDueMs = call.dueMs;
      this.start(call, now);
    }
    const next = this.schedule.peek();
    if (next === undefined) {
      this.running = false;
      this.onIdle();
      return;
    }
    const wait = next - this.clock.nowMs();
    if (wait > SPIN_MS + 1) this.timer = setTimeout(this.loop, wait - SPIN_MS);
    else this.immediate = setImmediate(this.loop);
  };
}
