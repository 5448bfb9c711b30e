import { describe, expect, it } from 'vitest';
import { trunkDirectionRule } from '../../../../../shared/diagnostics/rules/trunk-direction';
import {
  callFlow,
  CARRIER,
  findingsOf,
  merge,
  PBX,
  profile,
  REGISTRAR,
  registerFlow,
} from '../trace-builder';

describe('trunk.direction', () => {
  it('flags an outbound call on an inbound-only trunk (PBX address given)', () => {
    const findings = findingsOf(
      trunkDirectionRule,
      callFlow({ at: 0, callId: 'o1' }),
      profile('skyswitch', ['direction=inbound']),
      {
        pbxAddresses: [PBX],
      },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      expected: 'inbound calls only (profile direction=inbound)',
    });
    expect(findings[0]?.title).toBe('Outbound call on an inbound-only trunk');
    expect(findings[0]?.observed).toContain('sent by the PBX');
  });

  it('flags an inbound call on an outbound-only trunk, the direction taken from the registration', () => {
    const specs = merge(
      registerFlow({ at: 0 }),
      callFlow({ at: 5, callId: 'in1', caller: REGISTRAR, callee: PBX }),
    );
    const findings = findingsOf(trunkDirectionRule, specs, profile('skyetel', ['direction=outbound']));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['error', 'Inbound call on an outbound-only trunk'],
    ]);
  });

  it('passes calls in the allowed direction and bidirectional trunks', () => {
    const inbound = callFlow({ at: 0, callId: 'i', caller: CARRIER, callee: PBX });
    expect(
      findingsOf(trunkDirectionRule, inbound, profile('skyswitch', ['direction=inbound']), {
        pbxAddresses: [PBX],
      }),
    ).toEqual([]);
    expect(
      findingsOf(trunkDirectionRule, callFlow({ at: 0, callId: 'b' }), profile('skyswitch'), {
        pbxAddresses: [PBX],
      }),
    ).toEqual([]);
  });

  it('says so, as info, when it cannot tell the direction', () => {
    const findings = findingsOf(
      trunkDirectionRule,
      callFlow({ at: 0, callId: 'u' }),
      profile('skyswitch', ['direction=inbound']),
    );
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['info', 'Could not tell the direction of 1 call'],
    ]);
  });

  it('reads a call from a private address to a public one as outbound', () => {
    const specs = callFlow({ at: 0, callId: 'lan', caller: '192.168.1.20:5060' });
    expect(
      findingsOf(trunkDirectionRule, specs, profile('skyswitch', ['direction=inbound']))[0]?.severity,
    ).toBe('error');
  });
});
