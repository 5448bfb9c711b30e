import { describe, expect, it } from 'vitest';
import { HepStreamFramer } from '../../../../electron/import/hep/hep-stream-framer';

/** A HEPv3 packet of `total` bytes: "HEP3", the length, then filler where the chunks go. */
function packet(total: number, fill: number): Buffer {
  const b = Buffer.alloc(total, fill);
  b.write('HEP3', 0, 'latin1');
  b.writeUInt16BE(total, 4);
  return b;
}

describe('HepStreamFramer', () => {
  it('cuts packets sent back to back, and joins one split anywhere, even inside its header', () => {
    const a = packet(40, 1);
    const b = packet(70, 2);
    const stream = Buffer.concat([a, b, a]);
    for (const cut of [1, 3, 5, 39, 40, 41, 45, 109, 110, 115]) {
      const framer = new HepStreamFramer();
      const first = framer.push(stream.subarray(0, cut));
      const second = framer.push(stream.subarray(cut));
      expect(first.ok && second.ok, `cut at ${cut}`).toBe(true);
      expect([...first.packets, ...second.packets].map((p) => Buffer.from(p))).toEqual([a, b, a]);
      expect(framer.held).toBe(0);
    }
  });

  it('says a stream is not HEPv3 as soon as its first bytes show it, keeping the packets before', () => {
    const framer = new HepStreamFramer();
    const r = framer.push(Buffer.concat([packet(20, 3), Buffer.from('OPTIONS sip:x SIP/2.0\r\n')]));
    expect(r).toMatchObject({ ok: false, reason: 'TCP stream is not HEPv3' });
    expect(r.packets).toHaveLength(1);
    expect(new HepStreamFramer().push(Buffer.from('HEP2'))).toMatchObject({ ok: false });
  });

  it('refuses a length shorter than the header instead of looping on it', () => {
    const bad = packet(6, 0);
    bad.writeUInt16BE(3, 4);
    expect(new HepStreamFramer().push(bad)).toMatchObject({
      ok: false,
      reason: 'HEPv3 length shorter than its header',
    });
  });
});
