import { describe, expect, it } from 'vitest';
import { regTransportRule } from '../../../../../shared/diagnostics/rules/reg-transport';
import { findingsOf, profile, registerFlow, type Spec } from '../trace-builder';

const overTcp = (specs: readonly Spec[]): Spec[] =>
  specs.map((s) => ({ ...s, transport: 'tcp' as const, text: s.text.replace('SIP/2.0/UDP', 'SIP/2.0/TCP') }));

describe('reg.transport', () => {
  it('flags REGISTERs over TCP toward a UDP-only registrar', () => {
    const findings = findingsOf(regTransportRule, overTcp(registerFlow({ at: 0 })), profile('skyetel'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      title: 'REGISTER sent to the registrar over TCP; only UDP port 5060 is accepted (2 requests)',
      observed: 'TCP to 198.51.100.1:5060',
    });
  });

  it('flags another port than registrar_port, also from the Via when the capture has no transport', () => {
    const findings = findingsOf(
      regTransportRule,
      registerFlow({ at: 0, registrar: '198.51.100.1:5080' }),
      profile('skyetel'),
    );
    expect(findings.map((f) => f.title)).toEqual([
      'REGISTER sent to the registrar over port 5080; only UDP port 5060 is accepted (2 requests)',
    ]);
    const noTransport = overTcp(registerFlow({ at: 0 })).map((s) => ({
      ...s,
      transport: 'unknown' as const,
    }));
    expect(findingsOf(regTransportRule, noTransport, profile('skyetel'))[0]?.observed).toContain('TCP');
  });

  it('passes UDP 5060, and profiles without transport rules', () => {
    expect(findingsOf(regTransportRule, registerFlow({ at: 0 }), profile('skyetel'))).toEqual([]);
    expect(findingsOf(regTransportRule, overTcp(registerFlow({ at: 0 })), profile('generic'))).toEqual([]);
  });
});
