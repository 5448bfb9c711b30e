import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/engine/clock';
import { TimerWheel, type Timer } from '../../../electron/engine/timer-wheel';

function manual(tickMs = 10) {
  const clock = new ManualClock(0);
  const wheel = new TimerWheel({ clock, tickMs, slots: 64, drive: 'manual' });
  const advance = (ms: number): void => {
    for (let t = 0; t < ms; t += tickMs) {
      clock.set(clock.nowMs() + tickMs);
      wheel.advance();
    }
  };
  return { clock, wheel, advance };
}

describe('TimerWheel', () => {
  it('fires timers in due order, never early', () => {
    const { clock, wheel, advance } = manual();
    const fired: [string, number][] = [];
    wheel.schedule(500, () => fired.push(['a', clock.nowMs()]));
    wheel.schedule(100, () => fired.push(['b', clock.nowMs()]));
    wheel.schedule(4000, () => fired.push(['c', clock.nowMs()]));
    advance(5000);
    expect(fired.map((f) => f[0])).toEqual(['b', 'a', 'c']);
    expect(fired[0]![1]).toBeGreaterThanOrEqual(100);
    expect(fired[1]![1]).toBeGreaterThanOrEqual(500);
    expect(fired[2]![1]).toBeGreaterThanOrEqual(4000);
    expect(fired[2]![1]).toBeLessThan(4000 + 20);
    expect(wheel.size).toBe(0);
  });

  it('handles delays longer than one revolution of the wheel', () => {
    const { clock, wheel, advance } = manual();
    let at = -1;
    wheel.schedule(64 * 10 * 3 + 25, () => (at = clock.nowMs()));
    advance(640);
    expect(at).toBe(-1);
    advance(2000);
    expect(at).toBeGreaterThanOrEqual(1945);
    expect(at).toBeLessThan(1970);
  });

  it('does not fire a cancelled timer and keeps count', () => {
    const { wheel, advance } = manual();
    let fired = false;
    const t = wheel.schedule(50, () => (fired = true));
    expect(wheel.size).toBe(1);
    t.cancel();
    t.cancel();
    expect(wheel.size).toBe(0);
    advance(200);
    expect(fired).toBe(false);
  });

  it('lets a callback schedule another timer, and survives a throwing callback', () => {
    const clock = new ManualClock(0);
    const errors: unknown[] = [];
    const wheel = new TimerWheel({ clock, tickMs: 10, drive: 'manual', onError: (e) => errors.push(e) });
    const order: string[] = [];
    wheel.schedule(10, () => {
      order.push('first');
      wheel.schedule(10, () => order.push('second'));
    });
    wheel.schedule(10, () => {
      throw new Error('boom');
    });
    for (let t = 10; t <= 100; t += 10) {
      clock.set(t);
      wheel.advance();
    }
    expect(order).toEqual(['first', 'second']);
    expect(errors).toHaveLength(1);
  });

  it('runs on its own in auto mode with the system clock', async () => {
    const { systemClock } = await import('../../../electron/engine/clock');
    const wheel = new TimerWheel({ clock: systemClock, tickMs: 5 });
    const fired = await new Promise<boolean>((resolve) => wheel.schedule(20, () => resolve(true)));
    expect(fired).toBe(true);
    expect(wheel.size).toBe(0);
    wheel.stop();
  });

  it('lets go of a cancelled timer\u2019s callback at once, not when the wheel next passes its slot', async () => {
    // A held call's state lives in its timers' closures: cancelled at the answer, it must not
    // stay reachable for the up-to-10 s until the wheel comes round to the slot.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { wheel } = manual();
    // The closure is the state's only holder once this returns.
    const schedule = (): { timer: Timer; weak: WeakRef<object> } => {
      const state = { bytes: new Uint8Array(1 << 20) };
      return { timer: wheel.schedule(32_000, () => void state.bytes.length), weak: new WeakRef(state) };
    };
    const { timer, weak } = schedule();
    timer.cancel();
    await new Promise((r) => setImmediate(r));
    gc();
    expect(weak.deref()).toBeUndefined();
    expect(wheel.size).toBe(0);
  });
});
