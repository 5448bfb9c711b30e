import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/engine/clock';
import { FloodGuard } from '../../../../electron/engine/core/flood-guard';

describe('FloodGuard', () => {
  it('admits a burst, then the rate, and says when to come back', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard({ clock, ratePerS: 2, burst: 3 });
    expect([1, 2, 3].map(() => guard.admit('192.0.2.1').admitted)).toEqual([true, true, true]);
    expect(guard.admit('192.0.2.1')).toEqual({ admitted: false, retryAfterS: 1 });
    clock.set(clock.nowMs() + 500);
    expect(guard.admit('192.0.2.1').admitted).toBe(true);
    expect(guard.admit('192.0.2.1').admitted).toBe(false);
    expect(guard.refused).toBe(2);
  });

  it('rounds Retry-After up to whole seconds for a slow rate', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard({ clock, ratePerS: 0.2, burst: 1 });
    guard.admit('a');
    expect(guard.admit('a')).toEqual({ admitted: false, retryAfterS: 5 });
  });

  it('limits each source on its own', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard({ clock, ratePerS: 1, burst: 1 });
    expect(guard.admit('a').admitted).toBe(true);
    expect(guard.admit('a').admitted).toBe(false);
    expect(guard.admit('b').admitted).toBe(true);
  });

  it('never refills above the burst, however long a source was quiet', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard({ clock, ratePerS: 10, burst: 2 });
    guard.admit('a');
    clock.set(clock.nowMs() + 60_000);
    expect([1, 2, 3].map(() => guard.admit('a').admitted)).toEqual([true, true, false]);
  });

  it('keeps at most maxSources, forgetting the least recently seen', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard({ clock, ratePerS: 1, burst: 1, maxSources: 2 });
    guard.admit('a');
    guard.admit('b');
    guard.admit('a'); // a is now the most recent (and refused)
    guard.admit('c'); // forgets b
    expect(guard.sources).toBe(2);
    expect(guard.admit('a').admitted).toBe(false); // a was remembered
    expect(guard.admit('b').admitted).toBe(true); // b was forgotten: a fresh bucket
  });

  it('stays bounded under a flood of distinct sources', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard({ clock, maxSources: 100 });
    for (let i = 0; i < 10_000; i++) guard.admit(`10.0.${i >> 8}.${i & 255}`);
    expect(guard.sources).toBe(100);
  });
});
