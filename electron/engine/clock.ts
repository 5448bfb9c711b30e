// Time sources for the engine. Injected everywhere so tests can drive time by hand and the
// capture gets microsecond timestamps from one place.
import { performance } from 'node:perf_hooks';

export interface Clock {
  /** Monotonic milliseconds (may be fractional). Used for timers and round-trip times. */
  nowMs(): number;
  /** Wall-clock microseconds since the Unix epoch. Used to stamp captured messages. */
  nowMicros(): number;
}

// performance.timeOrigin + performance.now() gives sub-millisecond wall time that cannot go
// backwards within a process, unlike Date.now() (1 ms resolution, jumps with NTP).
export const systemClock: Clock = {
  nowMs: () => performance.now(),
  nowMicros: () => Math.round((performance.timeOrigin + performance.now()) * 1000),
};

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(
    startMs = 0,
    private readonly epochMicros = 1_700_000_000_000_000,
  ) {
    this.ms = startMs;
  }
  nowMs(): number {
    return this.ms;
  }
  nowMicros(): number {
    return this.epochMicros + Math.round(this.ms * 1000);
  }
  set(ms: number): void {
    this.ms = ms;
  }
}
