import { describe, expect, it } from 'vitest';
import { LoadStats } from '../../../../electron/engine/load/load-stats';

// The per-second rows the charts draw agree with the run's totals.

describe('LoadStats', () => {
  it('reports each second’s peak of calls up, so the chart peaks where "at most N up" says', () => {
    const stats = new LoadStats();
    stats.noteConcurrent(1);
    stats.noteConcurrent(3); // three up for a moment…
    stats.noteConcurrent(2); // …one ended before the second closed
    const first = stats.roll(0, 2, undefined);
    expect(first.concurrent).toBe(3);
    expect(stats.totals().maxConcurrent).toBe(3);
    // Nothing changed in the next second: the two still up are its peak.
    expect(stats.roll(1, 2, undefined).concurrent).toBe(2);
    expect(stats.roll(2, 0, undefined).concurrent).toBe(2);
    expect(stats.roll(3, 0, undefined).concurrent).toBe(0);
  });
});
