import { describe, expect, it } from 'vitest';
import { combine } from '../../../../electron/engine/load/load-both-ways';
import type { LoadReport, LoadSecond } from '../../../../electron/engine/load/load-types';

const second = (n: number, over: Partial<LoadSecond> = {}): LoadSecond => ({
  second: n,
  attempts: 2,
  answered: 2,
  failed: 0,
  failedByStatus: {},
  concurrent: 1,
  retransmissions: 0,
  latencyP50Ms: 10,
  ...over,
});

const report = (over: Partial<LoadReport['result']>, seconds: LoadSecond[]): LoadReport => ({
  seconds,
  result: { statuses: { '200': 4 }, warnings: [], verdict: ['cap found'], ...over },
  totals: { attempts: 4, answered: 4, failed: 0, maxConcurrent: 1 },
  aborted: false,
});

describe('outbound + inbound = total', () => {
  it('the first step either direction failed, counted both ways, is the total cap', () => {
    const out = report(
      { lastCleanStep: 3, firstFailingStep: 4, statuses: { '200': 9, '503': 1 }, retryAfterS: 1 },
      [
        second(0, { step: 3 }),
        second(1, { step: 4, failed: 1, failedByStatus: { '503': 1 }, latencyP50Ms: 30 }),
      ],
    );
    const inb = report({ lastCleanStep: 2, firstFailingStep: 3, statuses: { '200': 5, '503': 2 } }, [
      second(0, { step: 2 }),
    ]);
    const both = combine(out, inb);
    expect(both.result).toMatchObject({ lastCleanStep: 4, firstFailingStep: 6, retryAfterS: 1 });
    expect(both.result.statuses).toEqual({ '200': 14, '503': 3 });
    expect(both.result.verdict).toEqual([
      'outbound: cap found',
      'inbound: cap found',
      'total: 4 clean (2 each way), 6 failing (3 each way)',
    ]);
    // Rows add up second by second; percentiles take the slower side; steps add up too.
    expect(both.seconds[0]).toMatchObject({ attempts: 4, concurrent: 2, step: 5, latencyP50Ms: 10 });
    expect(both.seconds[1]).toMatchObject({ attempts: 2, failed: 1, step: 4, latencyP50Ms: 30 });
    expect(both.totals).toMatchObject({ attempts: 8, answered: 8 });
  });

  it('no ramp failure: no total line and no invented caps', () => {
    const both = combine(report({}, [second(0)]), report({}, [second(0)]));
    expect(both.result.lastCleanStep).toBeUndefined();
    expect(both.result.firstFailingStep).toBeUndefined();
    expect(both.result.verdict.some((v) => v.startsWith('total'))).toBe(false);
  });
});
