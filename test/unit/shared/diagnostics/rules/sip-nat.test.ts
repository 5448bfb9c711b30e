import { describe, expect, it } from 'vitest';
import { sipNatRule } from '../../../../../shared/diagnostics/rules/sip-nat';
import { callFlow, findingsOf, PBX, REGISTRAR, registerFlow, response, sdp } from '../trace-builder';

describe('sip.nat', () => {
  it('flags a private Contact and SDP address in an INVITE that came from a public address', () => {
    const specs = callFlow({
      at: 0,
      callId: 'n',
      callerContactHost: '192.168.1.20:5060',
      callerSdp: sdp('192.168.1.20'),
    });
    const findings = findingsOf(sipNatRule, specs);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Contact names private 192.168.1.20 while the packet came from 192.0.2.10'],
      ['warning', 'SDP media address (c=) names private 192.168.1.20 while the packet came from 192.0.2.10'],
    ]);
    expect(findings[0]?.evidence[0]?.text).toBe('Contact: <sip:+12035550100@192.168.1.20:5060>');
    expect(findings[1]?.evidence[0]?.text).toBe('c=IN IP4 192.168.1.20');
    expect(findings[1]?.fix).toContain('external_media_address');
  });

  it('flags a private Via sent-by', () => {
    const specs = registerFlow({ at: 0, challenge: false }).map((s) => ({
      ...s,
      text: s.text.replace(/SIP\/2\.0\/UDP 192\.0\.2\.10:5060/, 'SIP/2.0/UDP 10.0.0.7:5060'),
    }));
    expect(findingsOf(sipNatRule, specs).map((f) => f.title)).toContain(
      'Via sent-by names private 10.0.0.7 while the packet came from 192.0.2.10',
    );
  });

  it('uses the server Via received when the capture was taken on the LAN', () => {
    const lan = '192.168.1.20:5060';
    const specs = registerFlow({ at: 0, challenge: false, pbx: lan }).map((s) =>
      s.text.startsWith('SIP/2.0 200')
        ? { ...s, text: s.text.replace(';rport', ';received=198.18.0.9;rport=40000') }
        : s,
    );
    const findings = findingsOf(sipNatRule, specs);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Via sent-by names private 192.168.1.20 while the server saw it arrive from 198.18.0.9'],
      ['warning', 'Contact names private 192.168.1.20 while the server saw it arrive from 198.18.0.9'],
    ]);
  });

  it('notes a Via received that differs, without private addresses', () => {
    const specs = registerFlow({ at: 0, challenge: false }).map((s) =>
      s.text.startsWith('SIP/2.0 200')
        ? { ...s, text: s.text.replace(';rport', ';received=192.0.2.11;rport=5060') }
        : s,
    );
    expect(findingsOf(sipNatRule, specs).map((f) => f.severity)).toEqual(['info']);
  });

  it('passes a LAN call, public addresses, and the bindings listed in a registrar 200 OK', () => {
    const lanCall = callFlow({
      at: 0,
      callId: 'lan',
      caller: '192.168.1.20:5060',
      callee: '192.168.1.1:5060',
    });
    expect(findingsOf(sipNatRule, lanCall)).toEqual([]);
    expect(findingsOf(sipNatRule, callFlow({ at: 0, callId: 'pub' }))).toEqual([]);
    const req = registerFlow({ at: 0, challenge: false })[0]?.text ?? '';
    const ok = response(req, 200, 'OK', {
      toTag: 't',
      headers: ['Contact: <sip:1001@10.9.9.9:5060>;expires=60'],
    });
    expect(findingsOf(sipNatRule, [{ at: 1, from: REGISTRAR, to: PBX, text: ok }])).toEqual([]);
  });
});
