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

  it('ties 200 OK repeats to a private Contact of the answering side (a PBX behind NAT), with the fix per PBX', () => {
    // A PBX at public 203.0.113.50 answers with its LAN address; the caller's ACK goes there.
    const call = callFlow({ at: 0, callId: 'far', noBye: true, calleeSdp: sdp('192.168.1.20', 30000) }).map(
      (s) =>
        s.text.startsWith('SIP/2.0 200')
          ? {
              ...s,
              text: s.text.replace(
                'Contact: <sip:+12035550199@203.0.113.50:5060>',
                'Contact: <sip:uas@192.168.1.20:5060>',
              ),
            }
          : s.text.startsWith('ACK')
            ? { ...s, to: '192.168.1.20:5060' }
            : s,
    );
    const ok = call.find((s) => s.text.startsWith('SIP/2.0 200'));
    if (!ok) throw new Error('flow');
    const repeats = [2.5, 3.5, 5.5, 9.5, 13.5, 17.5].map((at) => ({ ...ok, at }));
    const findings = findingsOf(sipNatRule, [...call, ...repeats]);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'error',
        'The answering side 203.0.113.50:5060 is behind NAT: its 200 OK names private 192.168.1.20 as Contact, so the ACK went to that address and the 200 OK was repeated 7 times without an ACK',
      ],
    ]);
    expect(findings[0]?.observed).toBe(
      '200 OK from 203.0.113.50:5060 with Contact 192.168.1.20 and SDP c=192.168.1.20; 7 copies over 15.5 s; 1 ACK sent to 192.168.1.20',
    );
    for (const word of [
      'external_signaling_address',
      'external_media_address',
      'local_net',
      'Asterisk SIP Settings',
      'ext-sip-ip',
      'ext-rtp-ip',
    ])
      expect(findings[0]?.fix).toContain(word);
    expect(findings[0]?.evidence[0]?.text).toBe('Contact: <sip:uas@192.168.1.20:5060>');
  });

  it('does not call a TCP ephemeral source port NAT, nor a WebRTC client with a ws Contact and ICE', () => {
    const tcp = registerFlow({ at: 0, challenge: false }).map((s) => ({
      ...s,
      transport: 'tcp' as const,
      text: s.text
        .replace('SIP/2.0/UDP 192.0.2.10:5060;branch=', 'SIP/2.0/TCP 192.0.2.10:5060;branch=')
        .replace(/(SIP\/2\.0 200 OK\r\nVia: [^\r]*);rport/, '$1;rport=41234'),
    }));
    expect(findingsOf(sipNatRule, tcp)).toEqual([]);
    const ice = `${sdp('10.1.2.3')}a=ice-ufrag:abcd\r\na=candidate:1 1 udp 2130706431 10.1.2.3 40000 typ host\r\n`;
    const webrtc = callFlow({
      at: 0,
      callId: 'wrtc',
      callerContactHost: 'df7jal23ls0d.invalid;transport=ws',
      callerSdp: ice,
    });
    expect(findingsOf(sipNatRule, webrtc)).toEqual([]);
  });
});
