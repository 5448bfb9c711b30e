import { describe, expect, it } from 'vitest';
import { e164Problem, isE164, trunkE164Rule } from '../../../../../shared/diagnostics/rules/trunk-e164';
import { callFlow, findingsOf, profile } from '../trace-builder';

describe('trunk.e164', () => {
  it('knows E.164', () => {
    expect(isE164('+12035550100')).toBe(true);
    expect(isE164('+4930123456')).toBe(true);
    expect(isE164('12035550100')).toBe(false);
    expect(isE164('+1203')).toBe(false);
    expect(isE164('+1234567890123456')).toBe(false);
    expect(e164Problem('2035550100')).toEqual({
      why: 'it has no country code (10-digit national number)',
      suggestion: '+12035550100',
    });
    expect(e164Problem('+1 (203) 555-0100')?.why).toBe('it contains visual separators');
    expect(e164Problem('alice')?.why).toBe('it is not a telephone number');
  });

  it('flags Request-URI, To and From users that are not E.164', () => {
    const specs = callFlow({ at: 0, callId: 'e', toUser: '18452130635', fromUser: '2032625093' });
    const findings = findingsOf(trunkE164Rule, specs, profile('skyswitch'));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Request-URI number 18452130635 is not E.164: it has no leading +'],
      ['warning', 'To number 18452130635 is not E.164: it has no leading +'],
      ['warning', 'From number 2032625093 is not E.164: it has no country code (10-digit national number)'],
    ]);
    expect(findings[0]?.evidence[0]).toMatchObject({
      line: 1,
      text: 'INVITE sip:18452130635@203.0.113.50 SIP/2.0',
    });
    expect(findings[2]?.fix).toContain('+12032625093');
  });

  it('passes E.164 numbers, a named From like anonymous, and profiles that do not require E.164', () => {
    expect(findingsOf(trunkE164Rule, callFlow({ at: 0, callId: 'ok' }), profile('skyswitch'))).toEqual([]);
    expect(
      findingsOf(
        trunkE164Rule,
        callFlow({ at: 0, callId: 'anon', fromUser: 'anonymous' }),
        profile('skyswitch'),
      ),
    ).toEqual([]);
    expect(
      findingsOf(trunkE164Rule, callFlow({ at: 0, callId: 'g', toUser: '100' }), profile('generic')),
    ).toEqual([]);
  });
});
