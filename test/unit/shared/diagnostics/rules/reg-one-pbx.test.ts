import { describe, expect, it } from 'vitest';
import { regOnePbxRule } from '../../../../../shared/diagnostics/rules/reg-one-pbx';
import { findingsOf, merge, profile, registerFlow, type Spec } from '../trace-builder';

/** A registration whose 200 OK also lists another device's binding. */
function withOtherBinding(other: string): Spec[] {
  return registerFlow({ at: 0, expires: 300 }).map((s) =>
    s.text.startsWith('SIP/2.0 200')
      ? { ...s, text: s.text.replace(/(Contact: [^\r]*)/, `$1\r\nContact: <sip:1001@${other}>;expires=120`) }
      : s,
  );
}

describe('reg.one-pbx', () => {
  it('flags a 200 OK listing bindings at two addresses', () => {
    const findings = findingsOf(regOnePbxRule, withOtherBinding('198.18.7.7:5060'), profile('skyetel'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      observed: 'bindings at 192.0.2.10:5060, 198.18.7.7:5060',
    });
    expect(findings[0]?.evidence.map((e) => e.text)).toEqual([
      'Contact: <sip:1001@192.0.2.10:5060>;expires=300',
      'Contact: <sip:1001@198.18.7.7:5060>;expires=120',
    ]);
    expect(findings[0]?.fix).toContain('credentials have leaked');
  });

  it('grades a second binding on another port of the same address as a warning, and any of it as info without registrars', () => {
    expect(
      findingsOf(regOnePbxRule, withOtherBinding('192.0.2.10:5062'), profile('skyetel'))[0]?.severity,
    ).toBe('warning');
    expect(
      findingsOf(regOnePbxRule, withOtherBinding('198.18.7.7:5060'), profile('generic'))[0]?.severity,
    ).toBe('info');
  });

  it('flags REGISTERs for one account from two source addresses', () => {
    const specs = merge(
      registerFlow({ at: 0 }),
      registerFlow({ at: 5, pbx: '198.18.7.7:5060', callId: 'other@pbx2' }),
    );
    const findings = findingsOf(regOnePbxRule, specs, profile('skyetel'));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['error', 'REGISTERs for 1001 come from 2 different sources: 192.0.2.10:5060, 198.18.7.7:5060'],
    ]);
  });

  it('passes one PBX with one binding, registering to several registrars', () => {
    const specs = merge(registerFlow({ at: 0 }), registerFlow({ at: 1, registrar: '198.51.100.2:5060' }));
    expect(findingsOf(regOnePbxRule, specs, profile('skyetel'))).toEqual([]);
    // An expired (expires=0) binding in the list is not a second device.
    const stale = registerFlow({ at: 0 }).map((s) =>
      s.text.startsWith('SIP/2.0 200')
        ? {
            ...s,
            text: s.text.replace(/(Contact: [^\r]*)/, '$1\r\nContact: <sip:1001@198.18.7.7>;expires=0'),
          }
        : s,
    );
    expect(findingsOf(regOnePbxRule, stale, profile('skyetel'))).toEqual([]);
  });
});
