import { describe, expect, it } from 'vitest';
import { regCpsRule } from '../../../../../shared/diagnostics/rules/reg-cps';
import {
  callFlow,
  challengedCall,
  findingsOf,
  merge,
  profile,
  REGISTRAR,
  REGISTRAR_B,
  registerFlow,
} from '../trace-builder';

const registered = merge(registerFlow({ at: 0 }), registerFlow({ at: 0.5, registrar: REGISTRAR_B }));
const burst = (times: readonly number[], target: string, prefix: string) =>
  times.map((at, i) => callFlow({ at, callId: `${prefix}${i}`, callee: target, holdFor: 5 }));

describe('reg.cps', () => {
  it('flags two call attempts within one second to one region (1 CPS)', () => {
    const findings = findingsOf(
      regCpsRule,
      merge(registered, ...burst([10, 10.5, 12], REGISTRAR, 'a')),
      profile('skyetel'),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      title: '2 outbound call attempts within 1 s for region 198.51.100.1:5060, above 1 per second',
    });
    expect(findings[0]?.observed).toContain('1 of 3 attempts came faster than allowed');
    expect(findings[0]?.evidence).toHaveLength(2);
  });

  it('flags more than cps_limit_per_credential across both regions', () => {
    const specs = merge(
      registered,
      ...burst([10, 10.6], REGISTRAR, 'a'),
      ...burst([10.3, 10.9], REGISTRAR_B, 'b'),
    );
    const findings = findingsOf(regCpsRule, specs, profile('skyetel', ['cps_limit=2']));
    expect(findings.map((f) => f.title)).toEqual([
      '4 outbound call attempts within 1 s for credential 1001, above 2 per second',
    ]);
  });

  it('passes paced calls, one per region per second, and the 407 retry of the same call', () => {
    expect(
      findingsOf(
        regCpsRule,
        merge(registered, ...burst([10, 11.1, 12.2], REGISTRAR, 'a')),
        profile('skyetel'),
      ),
    ).toEqual([]);
    const alternating = merge(
      registered,
      ...burst([10, 11.2], REGISTRAR, 'a'),
      ...burst([10.5, 11.7], REGISTRAR_B, 'b'),
    );
    expect(findingsOf(regCpsRule, alternating, profile('skyetel'))).toEqual([]);
    // INVITE, 407, INVITE with credentials 100 ms later: one attempt, not two.
    expect(
      findingsOf(regCpsRule, merge(registered, challengedCall(10, 'auth1')), profile('skyetel')),
    ).toEqual([]);
  });

  it('reads cps_limit=0 as no outbound calls allowed: every attempt is flagged, however slow', () => {
    const findings = findingsOf(
      regCpsRule,
      merge(registered, ...burst([10, 30], REGISTRAR, 'z')),
      profile('skyetel', ['cps_limit=0']),
    );
    expect(findings.map((f) => f.title)).toEqual([
      '2 outbound call attempts for region 198.51.100.1:5060, where the profile allows none (cps_limit=0)',
    ]);
  });
});
