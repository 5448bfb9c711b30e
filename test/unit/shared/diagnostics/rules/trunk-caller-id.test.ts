import { describe, expect, it } from 'vitest';
import { trunkCallerIdRule } from '../../../../../shared/diagnostics/rules/trunk-caller-id';
import { callFlow, CARRIER, findingsOf, merge, PBX, profile } from '../trace-builder';

const opts = { pbxAddresses: [PBX] };
const passthrough = profile('skyswitch', ['caller_id_passthrough=true']);

describe('trunk.caller-id', () => {
  it('reports the caller ID each inbound call presented, P-Asserted-Identity first', () => {
    const specs = callFlow({
      at: 0,
      callId: 'in',
      caller: CARRIER,
      callee: PBX,
      fromUser: 'anonymous',
      extraInviteHeaders: ['P-Asserted-Identity: "Alice" <sip:+12035550111@carrier.example>', 'Privacy: id'],
    });
    const findings = findingsOf(trunkCallerIdRule, specs, passthrough, opts);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'info',
      title: 'Inbound call presented caller ID +12035550111 "Alice"',
    });
    expect(findings[0]?.observed).toContain('Privacy: id');
    expect(findings[0]?.evidence.map((e) => e.text)).toEqual([
      'From: "Caller" <sip:anonymous@203.0.113.50>;tag=a-in',
      'P-Asserted-Identity: "Alice" <sip:+12035550111@carrier.example>',
      'Privacy: id',
    ]);
  });

  it('compares the caller ID sent on a loop test with the one that arrived', () => {
    const out = callFlow({ at: 0, callId: 'out', toUser: '+12035550199', fromUser: '+12035550100' });
    const changed = callFlow({
      at: 1,
      callId: 'in',
      caller: CARRIER,
      callee: PBX,
      toUser: '12035550199',
      fromUser: '+12035550000',
    });
    const findings = findingsOf(trunkCallerIdRule, merge(out, changed), passthrough, opts);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Caller ID changed on the way: sent +12035550100, arrived +12035550000'],
    ]);
    const same = callFlow({
      at: 1,
      callId: 'in',
      caller: CARRIER,
      callee: PBX,
      toUser: '12035550199',
      fromUser: '2035550100',
    });
    expect(
      findingsOf(trunkCallerIdRule, merge(out, same), passthrough, opts).map((f) => [f.severity, f.title]),
    ).toEqual([['info', 'Caller ID arrived as sent: 2035550100']]);
    // Passthrough off: a replaced caller ID is what the profile expects.
    const replaced = findingsOf(trunkCallerIdRule, merge(out, changed), profile('skyswitch'), opts);
    expect(replaced.map((f) => f.severity)).toEqual(['info', 'info']);
  });

  it('warns that several caller IDs from the PBX will all become the domain caller ID when passthrough is off', () => {
    const specs = merge(
      callFlow({ at: 0, callId: 'a', fromUser: '+12035550100' }),
      callFlow({ at: 20, callId: 'b', fromUser: '+12035550101' }),
    );
    const findings = findingsOf(trunkCallerIdRule, specs, profile('skyswitch'), opts);
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0]?.title).toContain('2 different caller IDs');
    expect(findings[0]?.fix).toContain('[*]');
  });

  it('says nothing about outbound calls when passthrough is on, nor when there are no calls', () => {
    expect(findingsOf(trunkCallerIdRule, callFlow({ at: 0, callId: 'a' }), passthrough, opts)).toEqual([]);
    expect(findingsOf(trunkCallerIdRule, [], profile('skyswitch'))).toEqual([]);
  });
});
