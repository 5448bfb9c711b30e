import { describe, expect, it } from 'vitest';
import { regExpiresRule } from '../../../../../shared/diagnostics/rules/reg-expires';
import { findingsOf, merge, optionsPing, profile, refreshes } from '../trace-builder';

describe('reg.expires', () => {
  it('flags an expiry asked above max_expires, quoting the Contact expires', () => {
    const findings = findingsOf(
      regExpiresRule,
      refreshes([0], { expires: 3600, granted: 300 }),
      profile('skyetel'),
    );
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', "REGISTER for 1001@sip.example.net asks Expires 3600, above the provider's 300 s"],
    ]);
    expect(findings[0]?.evidence[0]?.text).toBe('Contact: <sip:1001@192.0.2.10:5060>;expires=3600');
  });

  it('flags a refresh after the granted expiry: the binding lapsed', () => {
    const findings = findingsOf(regExpiresRule, refreshes([0, 400], { expires: 300 }), profile('skyetel'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error' });
    expect(findings[0]?.title).toMatch(/lapsed for 99\.\d+ s before the next REGISTER/);
    expect(findings[0]?.observed).toContain('granted 300 s at t=0.15 s');
  });

  it('warns when the binding expires while the trace goes on without a refresh', () => {
    const specs = merge(refreshes([0], { expires: 60 }), optionsPing(100));
    const findings = findingsOf(regExpiresRule, specs, profile('generic'));
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0]?.title).toContain('expired during the trace');
  });

  it('warns when the registrar grants less than the minimum interval', () => {
    const findings = findingsOf(
      regExpiresRule,
      refreshes([0], { expires: 300, granted: 60 }),
      profile('skyetel'),
    );
    expect(findings.map((f) => f.title)).toEqual([
      'The registrar granted 60 s, shorter than the 100 s minimum interval',
    ]);
  });

  it('passes refreshes in time with an allowed expiry', () => {
    expect(
      findingsOf(regExpiresRule, refreshes([0, 150, 300], { expires: 300 }), profile('skyetel')),
    ).toEqual([]);
    expect(
      findingsOf(
        regExpiresRule,
        merge(refreshes([0], { expires: 300 }), optionsPing(100)),
        profile('skyetel'),
      ),
    ).toEqual([]);
  });
});
