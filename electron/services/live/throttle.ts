// Coalesces a burst of changes into at most one call per interval, always with the latest state:
// the first change of a quiet period goes out on the next tick (so changes made together go out
// together), later ones wait for the interval to pass and go out once. Its timer never keeps the
// process alive: a shell that is quitting does not wait for a UI update nobody will see.

export interface TimerApi {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

export const nodeTimers: TimerApi = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export interface Throttle {
  /** Something changed: fire soon, but not more often than once per interval. */
  request(): void;
  /** Fire now if a change is waiting (e.g. before closing). */
  flush(): void;
  /** Drop any waiting change; nothing fires afterwards until the next request(). */
  cancel(): void;
}

export function createThrottle(
  fire: () => void,
  intervalMs: number,
  timers: TimerApi = nodeTimers,
): Throttle {
  let handle: unknown;
  let pending = false;
  let lastFiredAt = Number.NEGATIVE_INFINITY;

  const run = (): void => {
    handle = undefined;
    if (!pending) return;
    pending = false;
    lastFiredAt = timers.now();
    fire();
  };

  return {
    request() {
      pending = true;
      if (handle !== undefined) return;
      const wait = Math.max(0, lastFiredAt + intervalMs - timers.now());
      handle = timers.set(run, wait);
    },
    flush() {
      if (handle !== undefined) timers.clear(handle);
      run();
    },
    cancel() {
      if (handle !== undefined) timers.clear(handle);
      handle = undefined;
      pending = false;
    },
  };
}
