import { describe, expect, it } from 'vitest';
import { createThrottle, type TimerApi } from '../../../../electron/services/live/throttle';

// A manual clock: timers fire only when the test moves time on.
function manualTimers() {
  let now = 1_000_000;
  let nextId = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: TimerApi = {
    set(fn, ms) {
      pending.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clear: (handle) => void pending.delete(handle as number),
    now: () => now,
  };
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  return { timers, advance, pendingCount: () => pending.size };
}

describe('createThrottle', () => {
  it('sends a burst of changes as one call on the next tick, with the latest state', () => {
    const { timers, advance } = manualTimers();
    let state = 0;
    const seen: number[] = [];
    const throttle = createThrottle(() => seen.push(state), 250, timers);
    for (let i = 1; i <= 100; i++) {
      state = i;
      throttle.request();
    }
    expect(seen).toEqual([]);
    advance(0);
    expect(seen).toEqual([100]);
  });

  it('never fires more than once per interval, and always fires the last change (trailing)', () => {
    const { timers, advance } = manualTimers();
    let state = 0;
    const fired: { at: number; state: number }[] = [];
    const throttle = createThrottle(() => fired.push({ at: timers.now(), state }), 250, timers);
    // A change every 10 ms for 2 s: 200 changes.
    for (let i = 1; i <= 200; i++) {
      state = i;
      throttle.request();
      advance(10);
    }
    advance(1000);
    for (let i = 1; i < fired.length; i++)
      expect(fired[i]!.at - fired[i - 1]!.at).toBeGreaterThanOrEqual(250);
    expect(fired.length).toBeLessThanOrEqual(9);
    expect(fired.at(-1)!.state).toBe(200);
  });

  it('fires again at once after a quiet period', () => {
    const { timers, advance } = manualTimers();
    let calls = 0;
    const throttle = createThrottle(() => calls++, 250, timers);
    throttle.request();
    advance(0);
    advance(5000);
    throttle.request();
    advance(0);
    expect(calls).toBe(2);
  });

  it('flush() fires a waiting change now; cancel() drops it', () => {
    const { timers, advance, pendingCount } = manualTimers();
    let calls = 0;
    const throttle = createThrottle(() => calls++, 250, timers);
    throttle.flush();
    expect(calls).toBe(0);
    throttle.request();
    throttle.flush();
    expect(calls).toBe(1);
    expect(pendingCount()).toBe(0);
    throttle.request();
    throttle.cancel();
    advance(1000);
    expect(calls).toBe(1);
  });

  it('uses timers that do not keep the process alive', async () => {
    const { nodeTimers } = await import('../../../../electron/services/live/throttle');
    const handle = nodeTimers.set(() => undefined, 60_000) as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    nodeTimers.clear(handle);
  });
});
