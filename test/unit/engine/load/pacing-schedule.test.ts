import { describe, expect, it } from 'vitest';
import { PacingSchedule } from '../../../../electron/engine/load/pacing-schedule';

function takeAll(s: PacingSchedule, untilMs: number): number[] {
  const out: number[] = [];
  for (let c = s.take(untilMs); c; c = s.take(untilMs)) out.push(c.dueMs);
  return out;
}

describe('PacingSchedule', () => {
  it('computes start times from t0 + i / cps, not from the loop', () => {
    const s = new PacingSchedule();
    s.add({ startMs: 1000, cps: 4, count: 5, stepIndex: 0 });
    expect(takeAll(s, 999)).toEqual([]);
    expect(takeAll(s, 1600)).toEqual([1000, 1250, 1500]);
    // Late polling does not shift later calls.
    expect(takeAll(s, 5000)).toEqual([1750, 2000]);
    expect(s.exhausted).toBe(true);
  });

  it('makes 0.9, 1.0 and 1.1 CPS differ as they should over ten seconds', () => {
    const count = (cps: number) => {
      const s = new PacingSchedule();
      s.add({ startMs: 0, cps, count: Infinity, stepIndex: 0 });
      return takeAll(s, 9999.999).length;
    };
    expect(count(0.9)).toBe(9); // 0, 1.11 … 8.89 s
    expect(count(1.0)).toBe(10); // 0 … 9 s
    expect(count(1.1)).toBe(11); // 0, 0.909 … 9.09 s
    const s = new PacingSchedule();
    s.add({ startMs: 0, cps: 1.1, count: 3, stepIndex: 0 });
    expect(takeAll(s, 10_000).map((t) => Math.round(t * 1000) / 1000)).toEqual([0, 909.091, 1818.182]);
  });

  it('moves to the next segment (a ramp step) at its start time', () => {
    const s = new PacingSchedule();
    s.add({ startMs: 0, cps: 1, count: Infinity, step: 1, stepIndex: 0 });
    s.add({ startMs: 2000, cps: 2, count: 4, step: 2, stepIndex: 1 });
    const calls: { due: number; step?: number }[] = [];
    for (let c = s.take(10_000); c; c = s.take(10_000)) calls.push({ due: c.dueMs, step: c.segment.step });
    expect(calls).toEqual([
      { due: 0, step: 1 },
      { due: 1000, step: 1 },
      { due: 2000, step: 2 },
      { due: 2500, step: 2 },
      { due: 3000, step: 2 },
      { due: 3500, step: 2 },
    ]);
  });

  it('stops on demand and refuses a rate of zero', () => {
    const s = new PacingSchedule();
    s.add({ startMs: 0, cps: 10, count: 100, stepIndex: 0 });
    s.take(0);
    s.stop();
    expect(s.take(1e9)).toBeUndefined();
    expect(s.exhausted).toBe(true);
    expect(() => s.add({ startMs: 0, cps: 0, count: 1, stepIndex: 0 })).toThrow(RangeError);
  });
});
