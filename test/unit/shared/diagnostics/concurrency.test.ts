import { describe, expect, it } from 'vitest';
import { slidingRate, sweepConcurrency } from '../../../../shared/diagnostics/concurrency';

describe('concurrency helpers', () => {
  it('sweeps start/end events, ends before starts at one instant', () => {
    const report = sweepConcurrency(
      [
        { start: 0, end: 10, item: 'a' },
        { start: 5, end: 10, item: 'b' },
        { start: 10, end: 20, item: 'c' },
      ],
      1,
    );
    expect(report?.peak.count).toBe(2);
    expect(report?.peak.active.map((i) => i.item)).toEqual(['a', 'b']);
    expect(report?.firstAbove?.atMicros).toBe(5);
    expect(report?.startsAboveLimit).toBe(1);
    expect(sweepConcurrency([])).toBeUndefined();
  });

  it('counts attempts in a sliding one-second window', () => {
    const at = [0, 400_000, 900_000, 1_000_000, 2_500_000].map((t) => ({ at: t, item: t }));
    const report = slidingRate(at, 2);
    expect(report?.worst.count).toBe(3);
    expect(report?.worst.items).toEqual([0, 400_000, 900_000]);
    expect(report?.overLimit).toBe(2); // at 0.9 s and at 1.0 s (with 0.4 and 0.9)
    // Below one per second the window grows: 0.5 CPS allows one call in any two seconds.
    expect(slidingRate(at, 0.5)?.windowMicros).toBe(2_000_000);
  });
});
