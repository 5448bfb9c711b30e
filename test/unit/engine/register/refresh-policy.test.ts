import { describe, expect, it } from 'vitest';
import { backoffAfter429, planRefresh } from '../../../../electron/engine/register/refresh-policy';

describe('refresh policy', () => {
  it('refreshes early enough for one whole transaction to fail and retry', () => {
    expect(planRefresh(300).refreshInS).toBe(268);
    expect(planRefresh(3600).refreshInS).toBe(3568);
    expect(planRefresh(10).refreshInS).toBe(5);
  });

  it('never refreshes sooner than the provider minimum (reg.interval)', () => {
    expect(planRefresh(300, 100).refreshInS).toBe(268);
    expect(planRefresh(120, 100).refreshInS).toBe(100);
    const lapse = planRefresh(60, 100);
    expect(lapse.refreshInS).toBe(100);
    expect(lapse.lapseWarning).toMatch(/lapse for 40 s/);
  });

  it('honours Retry-After after a 429 but never below the minimum interval', () => {
    expect(backoffAfter429(1, 30, 0)).toBe(30);
    expect(backoffAfter429(1, 30, 100)).toBe(100);
  });

  it('backs off exponentially without Retry-After, capped at an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffAfter429(n, undefined, 100))).toEqual([100, 200, 400, 800]);
    expect(backoffAfter429(10, undefined, 0)).toBe(3600);
  });
});
