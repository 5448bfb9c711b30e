import { describe, expect, it } from 'vitest';
import { trunkSourceIpRule } from '../../../../../shared/diagnostics/rules/trunk-source-ip';
import { callFlow, CARRIER, findingsOf, PBX, profile } from '../trace-builder';

const withPbx = profile('skyswitch', ['pbx_ip=192.0.2.10']);

describe('trunk.source-ip', () => {
  it('flags an INVITE from another public address than pbx_ip', () => {
    const findings = findingsOf(
      trunkSourceIpRule,
      callFlow({ at: 0, callId: 's', caller: '192.0.2.99:5060' }),
      withPbx,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      observed: 'calls from 192.0.2.99 (a public address)',
    });
    expect(findings[0]?.fix).toContain('192.0.2.99');
  });

  it('notes, as info, INVITEs captured behind NAT', () => {
    const findings = findingsOf(
      trunkSourceIpRule,
      callFlow({ at: 0, callId: 's', caller: '10.1.1.5:5060' }),
      withPbx,
    );
    expect(findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('passes calls from pbx_ip, inbound calls, and profiles without pbx_ip', () => {
    expect(findingsOf(trunkSourceIpRule, callFlow({ at: 0, callId: 'a', caller: PBX }), withPbx)).toEqual([]);
    expect(
      findingsOf(trunkSourceIpRule, callFlow({ at: 0, callId: 'b', caller: CARRIER, callee: PBX }), withPbx),
    ).toEqual([]);
    expect(
      findingsOf(
        trunkSourceIpRule,
        callFlow({ at: 0, callId: 'c', caller: '192.0.2.99:5060' }),
        profile('skyswitch'),
      ),
    ).toEqual([]);
  });
});
