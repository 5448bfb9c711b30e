// HEP as agents send it: v3 (what our encoder writes, with vendor chunks mixed in), v2 as
// Kamailio's siptrace writes it with hep_version=2, and garbage, which gets a reason, never a throw.
import { describe, expect, it } from 'vitest';
import { encodeHep } from '../../../../electron/export/hep-encode';
import { readHep } from '../../../../electron/import/hep/hep-decode';

const sip = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: c1\r\nContent-Length: 0\r\n\r\n', 'latin1');

/** Kamailio's HEPv2 layout (siptrace_hep.c): struct hep_hdr, hep_iphdr, hep_timehdr, payload. */
function hepV2(): Buffer {
  const head = Buffer.alloc(16 + 12);
  head.writeUInt8(2, 0);
  head.writeUInt8(16, 1);
  head.writeUInt8(2, 2); // AF_INET
  head.writeUInt8(17, 3);
  head.writeUInt16BE(5061, 4);
  head.writeUInt16BE(5060, 6);
  Buffer.from([10, 0, 0, 1]).copy(head, 8);
  Buffer.from([10, 0, 0, 2]).copy(head, 12);
  head.writeUInt32LE(1_700_000_000, 16);
  head.writeUInt32LE(250_000, 20);
  head.writeUInt16LE(7, 24);
  return Buffer.concat([head, sip]);
}

describe('readHep', () => {
  it('reads HEPv3 and skips chunks of other vendors', () => {
    const v3 = Buffer.from(
      encodeHep({
        tsMicros: 1_700_000_000_000_001,
        direction: 'in',
        transport: 'udp',
        local: { address: '192.0.2.1', port: 5060 },
        remote: { address: '192.0.2.9', port: 5080 },
        raw: sip,
      }),
    );
    // A vendor chunk (vendor 0x0003, type 15) claiming to be a payload must not replace ours.
    const vendor = Buffer.from([0, 3, 0, 15, 0, 9, 0x41, 0x42, 0x43]);
    const packet = Buffer.concat([v3, vendor]);
    packet.writeUInt16BE(packet.length, 4);
    const r = readHep(packet);
    expect(r.ok && r.packet).toMatchObject({
      version: 3,
      srcAddress: '192.0.2.9',
      srcPort: 5080,
      dstAddress: '192.0.2.1',
      dstPort: 5060,
      tsMicros: 1_700_000_000_000_001,
    });
    expect(r.ok && Buffer.from(r.packet.payload).equals(sip)).toBe(true);
  });

  it('reads HEPv2 with its host-order timestamp', () => {
    const r = readHep(hepV2());
    expect(r.ok && r.packet).toMatchObject({
      version: 2,
      protocol: 17,
      srcAddress: '10.0.0.1',
      srcPort: 5061,
      dstAddress: '10.0.0.2',
      dstPort: 5060,
      tsMicros: 1_700_000_000_250_000,
      agentId: 7,
    });
    expect(r.ok && Buffer.from(r.packet.payload).equals(sip)).toBe(true);
  });

  it('gives a reason for garbage and for every cut of a real packet, never a throw', () => {
    expect(readHep(Buffer.from('GET / HTTP/1.1\r\n'))).toEqual({ ok: false, reason: 'not a HEP packet' });
    const v3 = Buffer.from(
      encodeHep({
        tsMicros: 1,
        direction: 'out',
        transport: 'tcp',
        local: { address: '2001:db8::1', port: 1 },
        remote: { address: '2001:db8::2', port: 2 },
        raw: sip,
      }),
    );
    for (const whole of [v3, hepV2()]) {
      for (let cut = 0; cut < whole.length; cut++) {
        const r = readHep(whole.subarray(0, cut));
        if (!r.ok) expect(r.reason).toMatch(/^(not a HEP packet|HEPv\d .+)$/);
      }
    }
    let seed = 1;
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.alloc(1 + (i % 120));
      for (let j = 0; j < bytes.length; j++) bytes[j] = (seed = (seed * 48271) % 0x7fffffff) & 0xff;
      if (i % 3 === 0) bytes.write('HEP3', 0, 'latin1');
      expect(() => readHep(bytes)).not.toThrow();
    }
  });
});
