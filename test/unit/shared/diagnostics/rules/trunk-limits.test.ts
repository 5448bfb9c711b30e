import { describe, expect, it } from 'vitest';
import { trunkLimitsRule } from '../../../../../shared/diagnostics/rules/trunk-limits';
import { callFlow, CARRIER, findingsOf, merge, PBX, profile } from '../trace-builder';

const opts = { pbxAddresses: [PBX] };

describe('trunk.limits', () => {
  it('flags more concurrent outbound calls than outbound_limit', () => {
    const specs = merge(
      callFlow({ at: 0, callId: 'l1', holdFor: 30 }),
      callFlow({ at: 1, callId: 'l2', holdFor: 30 }),
      callFlow({ at: 2, callId: 'l3', holdFor: 30 }),
    );
    const findings = findingsOf(trunkLimitsRule, specs, profile('skyswitch', ['outbound_limit=2']), opts);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'trunk.limits', severity: 'error' });
    expect(findings[0]?.title).toBe("3 concurrent outbound calls, above the trunk's limit of 2");
    expect(findings[0]?.observed).toContain('first above 2 at t=2 s');
    // The call that crossed the limit comes first in the evidence.
    expect(findings[0]?.evidence[0]?.text).toContain('INVITE');
    expect(findings[0]?.evidence).toHaveLength(3);
  });

  it('counts inbound and total separately', () => {
    const specs = merge(
      callFlow({ at: 0, callId: 'o1', holdFor: 30 }),
      callFlow({ at: 1, callId: 'i1', caller: CARRIER, callee: PBX, holdFor: 30 }),
      callFlow({ at: 2, callId: 'i2', caller: CARRIER, callee: PBX, holdFor: 30 }),
    );
    const findings = findingsOf(
      trunkLimitsRule,
      specs,
      profile('skyswitch', ['inbound_limit=2', 'outbound_limit=1', 'total_limit=2']),
      opts,
    );
    expect(findings.map((f) => f.title)).toEqual(["3 concurrent total calls, above the trunk's limit of 2"]);
  });

  it('does not count calls that follow each other, nor calls refused at once as lasting', () => {
    const specs = merge(
      callFlow({ at: 0, callId: 's1', holdFor: 5 }),
      callFlow({ at: 10, callId: 's2', holdFor: 5 }),
      callFlow({ at: 20, callId: 's3', finalStatus: [486, 'Busy Here'] }),
      callFlow({ at: 21, callId: 's4', holdFor: 5 }),
    );
    expect(
      findingsOf(trunkLimitsRule, specs, profile('skyswitch', ['outbound_limit=1', 'total_limit=1']), opts),
    ).toEqual([]);
  });

  it('reads outbound_limit=0 as an inbound-only trunk: every outbound call is flagged, inbound ones are not', () => {
    const specs = merge(
      callFlow({ at: 0, callId: 'z1', holdFor: 5 }),
      callFlow({ at: 10, callId: 'z2', holdFor: 5 }),
      callFlow({ at: 20, callId: 'zi', caller: CARRIER, callee: PBX, holdFor: 5 }),
    );
    const findings = findingsOf(trunkLimitsRule, specs, profile('skyswitch', ['outbound_limit=0']), opts);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'trunk.limits', severity: 'error' });
    expect(findings[0]?.title).toBe(
      '2 outbound calls on a trunk that allows no outbound calls (outbound_limit=0)',
    );
    expect(findings[0]?.evidence).toHaveLength(2);
    const inboundOnly = merge(
      callFlow({ at: 0, callId: 'only-in', caller: CARRIER, callee: PBX, holdFor: 5 }),
    );
    expect(
      findingsOf(trunkLimitsRule, inboundOnly, profile('skyswitch', ['outbound_limit=0']), opts),
    ).toEqual([]);
  });
});
