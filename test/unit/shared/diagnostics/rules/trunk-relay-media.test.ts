import { describe, expect, it } from 'vitest';
import { trunkRelayMediaRule } from '../../../../../shared/diagnostics/rules/trunk-relay-media';
import { callFlow, findingsOf, PBX, profile, sdp } from '../trace-builder';

const relayOff = profile('skyswitch', ['relay_media=no']);

describe('trunk.relay-media', () => {
  it('flags a private SDP address from a PBX behind NAT when relay is off', () => {
    const specs = callFlow({ at: 0, callId: 'r', callerSdp: sdp('192.168.1.20') });
    const findings = findingsOf(trunkRelayMediaRule, specs, relayOff, { pbxAddresses: [PBX] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning' });
    expect(findings[0]?.title).toContain('private 192.168.1.20 (signalling from 192.0.2.10)');
    expect(findings[0]?.evidence[0]?.text).toBe('c=IN IP4 192.168.1.20');
    expect(findings[0]?.fix).toContain('Relay Media');
  });

  it('notes a NATed PBX whose SDP is already public', () => {
    const specs = callFlow({ at: 0, callId: 'r', callerContactHost: '192.168.1.20:5060' });
    expect(findingsOf(trunkRelayMediaRule, specs, relayOff).map((f) => f.severity)).toEqual(['info']);
  });

  it('passes a public SDP; with relay on or automatic a private SDP is only noted', () => {
    expect(findingsOf(trunkRelayMediaRule, callFlow({ at: 0, callId: 'p' }), relayOff)).toEqual([]);
    expect(findingsOf(trunkRelayMediaRule, callFlow({ at: 0, callId: 'p' }), profile('skyswitch'))).toEqual(
      [],
    );
    const natted = callFlow({ at: 0, callId: 'n', callerSdp: sdp('192.168.1.20') });
    expect(findingsOf(trunkRelayMediaRule, natted, profile('skyswitch')).map((f) => f.severity)).toEqual([
      'info',
    ]);
    const relayed = findingsOf(trunkRelayMediaRule, natted, profile('skyswitch', ['relay_media=yes']));
    expect(relayed.map((f) => [f.severity, f.title])).toEqual([
      [
        'info',
        'The SDP asks for audio at private 192.168.1.20 (signalling from 192.0.2.10); media relay on has to cover it',
      ],
    ]);
  });

  it('notes media at another public address than pbx_ip', () => {
    const specs = callFlow({ at: 0, callId: 'm', callerSdp: sdp('192.0.2.200') });
    const findings = findingsOf(
      trunkRelayMediaRule,
      specs,
      profile('skyswitch', ['relay_media=no', 'pbx_ip=192.0.2.10']),
    );
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['info', 'The PBX at 192.0.2.10 asks for media at another public address (192.0.2.200)'],
    ]);
  });
});
