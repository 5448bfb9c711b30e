import { describe, expect, it } from 'vitest';
import { sdpNatFindings } from '../../../../electron/engine/sdp/nat-findings';

function sdp(connection: string, mLine = 'm=audio 4000 RTP/AVP 0'): string {
  return `v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\nc=IN ${connection}\r\nt=0 0\r\n${mLine}\r\n`;
}

describe('sdpNatFindings', () => {
  it('flags a private c= address behind a public signalling source (sip.nat)', () => {
    const findings = sdpNatFindings({
      sdp: sdp('IP4 192.168.1.20'),
      signallingSource: { address: '203.0.113.5' },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'sip.nat',
      kind: 'private-address',
      address: '192.168.1.20',
      port: 4000,
    });
    expect(findings[0]?.message).toBe(
      'the SDP asks for audio at 192.168.1.20:4000, a private address, but its SIP came from 203.0.113.5: the far side is behind NAT without SDP fix-up, so audio sent there is lost unless media is relayed or latched to where its RTP comes from',
    );
  });

  it('names carrier-grade NAT and IPv6 unique-local addresses', () => {
    const cgnat = sdpNatFindings({
      sdp: sdp('IP4 100.72.3.4'),
      signallingSource: { address: '203.0.113.5' },
    });
    expect(cgnat[0]?.message).toContain('carrier-grade NAT');
    const ula = sdpNatFindings({
      sdp: sdp('IP6 fd12:3456::7'),
      signallingSource: { address: '2001:db8::5' },
    });
    expect(ula[0]).toMatchObject({ rule: 'sip.nat', kind: 'private-address' });
  });

  it('says nothing on a LAN, or when the addresses agree (also as IPv4-mapped IPv6)', () => {
    expect(
      sdpNatFindings({ sdp: sdp('IP4 192.168.1.20'), signallingSource: { address: '192.168.1.1' } }),
    ).toEqual([]);
    expect(
      sdpNatFindings({ sdp: sdp('IP4 203.0.113.5'), signallingSource: { address: '::ffff:203.0.113.5' } }),
    ).toEqual([]);
  });

  it('notes media on another public address than signalling (trunk.relay-media)', () => {
    const findings = sdpNatFindings({
      sdp: sdp('IP4 198.51.100.20'),
      signallingSource: { address: '203.0.113.5' },
    });
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'trunk.relay-media', kind: 'media-elsewhere', severity: 'info' }),
    ]);
    expect(findings[0]?.message).toContain('the firewall must allow RTP from 198.51.100.20');
  });

  it('reports hold (c=0.0.0.0) and a rejected audio stream (port 0)', () => {
    const hold = sdpNatFindings({ sdp: sdp('IP4 0.0.0.0'), signallingSource: { address: '203.0.113.5' } });
    expect(hold).toEqual([expect.objectContaining({ kind: 'hold' })]);
    expect(hold[0]?.message).toMatch(/on hold/);
    const zero = sdpNatFindings({
      sdp: sdp('IP4 203.0.113.5', 'm=audio 0 RTP/AVP 0'),
      signallingSource: { address: '203.0.113.5' },
    });
    expect(zero).toEqual([expect.objectContaining({ kind: 'port-zero', severity: 'warning' })]);
  });

  it('uses the media-level c= line when present', () => {
    const text = `${sdp('IP4 203.0.113.5')}c=IN IP4 10.1.2.3\r\n`;
    const findings = sdpNatFindings({ sdp: text, signallingSource: { address: '203.0.113.5' } });
    expect(findings[0]).toMatchObject({ kind: 'private-address', address: '10.1.2.3' });
  });
});
