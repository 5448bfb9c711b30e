import { describe, expect, it } from 'vitest';
import { parseWire } from '../../../../electron/engine/sip/parse-message';

const REGISTER_200 = [
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1;rport=5070;received=192.0.2.1',
  'From: <sip:alice@example.com>;tag=abc',
  'To: <sip:alice@example.com>;tag=def',
  'Call-ID: 123@host',
  'CSeq: 2 REGISTER',
  'Contact: <sip:alice@127.0.0.1:5070>;expires=60, <sip:alice@127.0.0.9:5099>;expires=3600',
  'WWW-Authenticate: Digest realm="a", nonce="1"',
  'WWW-Authenticate: Digest realm="a", nonce="2", algorithm=SHA-256',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

// The sample INVITE of the IP-trunk guide (seed 000), damaged in four places.
const SEED_INVITE = [
  'INVITE sip:18452130635@dtoys.18235.service;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP;branch=z9hG4bK-55257c08b011e59d61b2d3b1b28533aa;rport',
  'From: "2032625093" <2032625093@trunking-customer.15611.service>;tag=1721003968',
  'To: 12032130635@trunking-customer.15611.service>',
  'Call-ID: 153915ad@pbx',
  'CSeq: 26847 INVITE',
  'Max-Forwards: 70',
  'Contact: 2032625093@;transport=udp>',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('parseWire', () => {
  it('reads a response and keeps every header line', () => {
    const r = parseWire(Buffer.from(REGISTER_200));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sip.kind).toBe('response');
    expect(r.sip.status).toBe(200);
    expect(r.sip.callId).toBe('123@host');
    expect(r.sip.cseq).toEqual({ seq: 2, method: 'REGISTER' });
    expect(r.sip.fromTag).toBe('abc');
    expect(r.sip.toTag).toBe('def');
    expect(r.sip.header('www-authenticate')).toHaveLength(2);
    expect(r.sip.vias[0]?.params.received).toBe('192.0.2.1');
  });

  it('expands compact header forms', () => {
    const text = REGISTER_200.replace('Call-ID:', 'i:').replace('From:', 'f:');
    const r = parseWire(Buffer.from(text));
    expect(r.ok && r.sip.callId).toBe('123@host');
    expect(r.ok && r.sip.first('from')).toContain('alice');
  });

  it('explains why garbage is not SIP instead of returning nothing', () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]), /start line is not a SIP/],
      [Buffer.from(''), /empty datagram/],
      [Buffer.from('\r\n\r\n'), /keep-alive/],
      [
        Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n'),
        /no blank line after the headers/,
      ],
      [Buffer.from(REGISTER_200.replace('CSeq: 2 REGISTER\r\n', '')), /CSeq header is missing/],
      [
        Buffer.from(REGISTER_200.replace('Content-Length: 0', 'this is not a header')),
        /line \d+ is not a header/,
      ],
    ];
    for (const [raw, why] of cases) {
      const r = parseWire(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    }
  });

  it('flags the seed INVITE whose Via has no host', () => {
    const r = parseWire(Buffer.from(SEED_INVITE));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Via header does not parse/);
  });
});
