import { describe, expect, it } from 'vitest';
import { regIntervalRule } from '../../../../../shared/diagnostics/rules/reg-interval';
import { findingsOf, profile, refreshes, registerFlow } from '../trace-builder';

describe('reg.interval', () => {
  it('flags refreshes sooner than min_register_interval, showing the intervals', () => {
    const findings = findingsOf(
      regIntervalRule,
      refreshes([0, 60, 120, 240], { expires: 300 }),
      profile('skyetel'),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'reg.interval', severity: 'error' });
    expect(findings[0]?.title).toBe(
      'REGISTER for 1001@sip.example.net to 198.51.100.1:5060 repeated after 60 s, under the 100 s minimum (2 times)',
    );
    expect(findings[0]?.observed).toContain('intervals between registrations: 60 s, 60 s, 120 s');
    expect(findings[0]?.expected).toContain('at least 100 s');
    // The registration before the first early one, then each early one.
    expect(findings[0]?.evidence.map((e) => e.messageIndex)).toEqual([0, 4, 8]);
  });

  it('counts a 401-challenged REGISTER and its authenticated retry as one registration', () => {
    // Each registration is REGISTER, 401 (50 ms), REGISTER with credentials (100 ms): never 0.1 s apart.
    expect(
      findingsOf(regIntervalRule, refreshes([0, 100, 200], { expires: 300 }), profile('skyetel')),
    ).toEqual([]);
  });

  it('allows timer jitter of half a second, and leaves de-registrations out', () => {
    expect(findingsOf(regIntervalRule, refreshes([0, 99.7], { expires: 300 }), profile('skyetel'))).toEqual(
      [],
    );
    const withUnregister = [
      ...registerFlow({ at: 0, cseq: 1, expires: 300 }),
      ...registerFlow({ at: 10, cseq: 3, expires: 0 }),
    ];
    expect(findingsOf(regIntervalRule, withUnregister, profile('skyetel'))).toEqual([]);
  });

  it('does nothing without a minimum interval', () => {
    expect(findingsOf(regIntervalRule, refreshes([0, 5, 10]), profile('generic'))).toEqual([]);
  });
});
