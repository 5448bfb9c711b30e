// The analysis cache: reused while a run is unchanged, redone when it changes, paced while a run is
// still capturing, exact once it ends, and bounded.
import { describe, expect, it } from 'vitest';
import { createAnalysisCache } from '../../../../electron/services/traces/analysis-cache';
import type { RunAnalysis } from '../../../../electron/analysis/run-analysis';
import type { RunRecord } from '../../../../shared/trace-types';

function runOf(id: number, messageCount: number, ended = false): RunRecord {
  return {
    id,
    kind: 'load',
    target: 'pbx',
    profile: 'generic',
    startedAtMicros: 1,
    messageCount,
    ...(ended ? { endedAtMicros: 99 } : {}),
  };
}

/** A compute that "takes" `costMs` on the fake clock and counts its calls. */
function setup(costMs: number, maxEntries?: number) {
  let clock = 0;
  let computed = 0;
  const cache = createAnalysisCache({ now: () => clock, maxEntries });
  const get = (run: RunRecord, profile = 'generic'): RunAnalysis =>
    cache.get(run, profile, () => {
      computed++;
      clock += costMs;
      return { runId: run.id, profile, messageCount: run.messageCount, findings: [], calls: [] };
    });
  return { get, advance: (ms: number) => (clock += ms), computed: () => computed };
}

describe('analysis cache', () => {
  it('reuses an analysis while the run is unchanged, per profile', () => {
    const c = setup(10);
    c.get(runOf(1, 5, true));
    c.get(runOf(1, 5, true));
    c.advance(1_000_000);
    expect(c.get(runOf(1, 5, true)).messageCount).toBe(5);
    expect(c.computed()).toBe(1);
    c.get(runOf(1, 5, true), 'skyetel');
    expect(c.computed()).toBe(2);
  });

  it('redoes a finished run at once when it changed', () => {
    const c = setup(1000);
    c.get(runOf(1, 5));
    expect(c.get(runOf(1, 5, true)).messageCount).toBe(5);
    expect(c.computed()).toBe(2);
  });

  it("paces a live run's re-analysis to four times what the last one cost", () => {
    const c = setup(2000);
    c.get(runOf(1, 100));
    c.advance(7_999);
    // 1,000 messages later, but only 8 s after a 2 s analysis: the last one is shown.
    expect(c.get(runOf(1, 1100)).messageCount).toBe(100);
    c.advance(1);
    expect(c.get(runOf(1, 1200)).messageCount).toBe(1200);
    // The run ends: exact, whatever the pace.
    expect(c.get(runOf(1, 1250, true)).messageCount).toBe(1250);
    expect(c.computed()).toBe(3);
  });

  it('keeps only the most recently used analyses', () => {
    const c = setup(1, 2);
    c.get(runOf(1, 1, true));
    c.get(runOf(2, 1, true));
    c.get(runOf(1, 1, true));
    c.get(runOf(3, 1, true));
    expect(c.computed()).toBe(3);
    c.get(runOf(1, 1, true));
    expect(c.computed()).toBe(3);
    c.get(runOf(2, 1, true));
    expect(c.computed()).toBe(4);
  });
});

describe('analysis cache, analyses on the trace thread', () => {
  it("paces a live run by what the thread says the work cost, not by the thread's start before it", async () => {
    let clock = 0;
    let computed = 0;
    const cache = createAnalysisCache<Promise<{ messageCount: number; computeMs: number }>>({
      now: () => clock,
      costOf: (settled) => settled.computeMs,
    });
    // The first job waits 3 s for the thread to start, then takes 50 ms.
    const get = (count: number, waitMs: number) =>
      cache.get(runOf(1, count), 'generic', () => {
        computed++;
        clock += waitMs;
        return Promise.resolve({ messageCount: count, computeMs: 50 });
      });
    await get(10, 3000);
    clock += 250;
    // 250 ms later, well past 4 × 50 ms: the new messages are analysed (by settling time, 12 s).
    expect((await get(20, 10)).messageCount).toBe(20);
    expect(computed).toBe(2);
  });
});
