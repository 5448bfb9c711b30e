import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../../../renderer/src/traces/debounce';

describe('debounced re-reads on store.changed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a burst of events into one re-read after it quietens', () => {
    const fn = vi.fn();
    const d = debounce(fn, 300);
    for (let i = 0; i < 200; i++) d();
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('still re-reads during an endless burst, at most once per max wait', () => {
    const fn = vi.fn();
    const d = debounce(fn, 300, 1000);
    for (let t = 0; t < 3000; t += 50) {
      d();
      vi.advanceTimersByTime(50);
    }
    expect(fn.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(fn.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('cancel drops a pending re-read (the screen was left)', () => {
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d();
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
  });
});
