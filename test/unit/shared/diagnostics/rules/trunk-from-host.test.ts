import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trunkFromHostRule } from '../../../../../shared/diagnostics/rules/trunk-from-host';
import { callFlow, CARRIER, findingsOf, PBX, profile } from '../trace-builder';

const TRUNK = 'trunking-customer.15611.service';
const seed = readFileSync(
  new URL('../../../../fixtures/traces/seed-000-sample-invite.txt', import.meta.url),
  'latin1',
);

describe('trunk.from-host', () => {
  it('flags an INVITE from the PBX whose From host is not the trunk name, quoting the From line', () => {
    const [f, ...rest] = findingsOf(
      trunkFromHostRule,
      callFlow({ at: 0, callId: 'fh1', fromHost: 'pbx.local' }),
      profile('skyswitch'),
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'trunk.from-host', severity: 'error', observed: 'From host pbx.local' });
    expect(f?.title).toContain(`pbx.local is not the trunk name ${TRUNK}`);
    expect(f?.evidence[0]).toMatchObject({
      messageIndex: 0,
      text: 'From: "Caller" <sip:+12035550100@pbx.local>;tag=a-fh1',
    });
    expect(f?.fix).toContain(`From: <sip:+12035550100@${TRUNK}>`);
    expect(f?.fix).toContain('Set the trunk Name');
  });

  it('groups calls by From host', () => {
    const specs = [
      ...callFlow({ at: 0, callId: 'a', fromHost: 'pbx.local' }),
      ...callFlow({ at: 20, callId: 'b', fromHost: 'pbx.local' }),
      ...callFlow({ at: 40, callId: 'c', fromHost: '192.0.2.10' }),
    ];
    const findings = findingsOf(trunkFromHostRule, specs, profile('skyswitch'));
    expect(findings.map((f) => f.observed)).toEqual(['From host pbx.local', 'From host 192.0.2.10']);
    expect(findings[0]?.title).toContain('(2 calls)');
  });

  it('passes the trunk name (any case), inbound calls, and profiles without a trunk name', () => {
    expect(
      findingsOf(
        trunkFromHostRule,
        callFlow({ at: 0, callId: 'ok', fromHost: TRUNK.toUpperCase() }),
        profile('skyswitch'),
      ),
    ).toEqual([]);
    const inbound = callFlow({
      at: 0,
      callId: 'in',
      caller: CARRIER,
      callee: PBX,
      fromHost: 'carrier.example',
    });
    expect(findingsOf(trunkFromHostRule, inbound, profile('skyswitch'), { pbxAddresses: [PBX] })).toEqual([]);
    expect(
      findingsOf(trunkFromHostRule, callFlow({ at: 0, callId: 'g', fromHost: 'x' }), profile('generic')),
    ).toEqual([]);
  });

  it("accepts the guide's own sample INVITE: its From host is the trunk name", () => {
    expect(findingsOf(trunkFromHostRule, [{ text: seed }], profile('skyswitch'))).toEqual([]);
    expect(
      findingsOf(trunkFromHostRule, [{ text: seed }], profile('skyswitch', ['trunk_name=other.service']))[0]
        ?.evidence[0],
    ).toMatchObject({
      line: 3,
      text: 'From: "2032625093" <2032625093@trunking-customer.15611.service>;tag=1721003968',
    });
  });
});
