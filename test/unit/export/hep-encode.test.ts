import { describe, expect, it } from 'vitest';
import { decodeHep, encodeHep } from '../../../electron/export/hep-encode';
import { parseHepTarget } from '../../../electron/export/hep-send';

const raw = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x1@host\r\nContent-Length: 0\r\n\r\n', 'latin1');

describe('HEPv3', () => {
  it('encodes a sent message with our side as the source and decodes back every field', () => {
    const packet = encodeHep({
      tsMicros: 1_764_000_000_123_456,
      direction: 'out',
      transport: 'udp',
      local: { address: '192.0.2.10', port: 5062 },
      remote: { address: '198.51.100.7', port: 5060 },
      raw,
      callId: 'x1@host',
    });
    expect(Buffer.from(packet).toString('ascii', 0, 4)).toBe('HEP3');
    expect(Buffer.from(packet).readUInt16BE(4)).toBe(packet.length);
    const d = decodeHep(packet);
    expect(d).toMatchObject({
      family: 2,
      protocol: 17,
      srcAddress: '192.0.2.10',
      dstAddress: '198.51.100.7',
      srcPort: 5062,
      dstPort: 5060,
      tsMicros: 1_764_000_000_123_456,
      protoType: 1,
      correlationId: 'x1@host',
    });
    expect(Buffer.from(d.payload).equals(raw)).toBe(true);
  });

  it('a received TCP message over IPv6 has the far side as the source', () => {
    const d = decodeHep(
      encodeHep({
        tsMicros: 1_000_000,
        direction: 'in',
        transport: 'tcp',
        local: { address: '2001:db8::1', port: 5060 },
        remote: { address: '2001:db8::2', port: 40000 },
        raw,
      }),
    );
    expect(d).toMatchObject({
      family: 10,
      protocol: 6,
      srcPort: 40000,
      dstPort: 5060,
      srcAddress: '2001:db8::2',
    });
    expect(d.correlationId).toBeUndefined();
  });

  it('refuses what is not HEPv3, and parses collector addresses', () => {
    expect(() => decodeHep(Buffer.from('HEP2xxxx'))).toThrow('not a HEP packet');
    expect(parseHepTarget('homer.example.net')).toEqual({ host: 'homer.example.net', port: 9060 });
    expect(parseHepTarget('[2001:db8::5]:9061')).toEqual({ host: '2001:db8::5', port: 9061 });
    expect(() => parseHepTarget('h:0')).toThrow('the port must be 1-65535');
  });
});
