// The pcap format (draft-ietf-opsawg-pcap): both byte orders, micro- and nanosecond magic, the
// "modified" variant, snaplen-cut packets.
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { writePcap, type Frame } from './capture-writer';
import { sipMessage, udpFrame } from './packet-builder';

const TS = 1_750_000_000_123_456;
const INVITE = sipMessage('INVITE sip:bob@example.com SIP/2.0', 'v=0\r\n');
const OK = sipMessage('SIP/2.0 200 OK');

function frames(): Frame[] {
  return [
    { data: udpFrame(INVITE, { srcPort: 5062, dstPort: 5060 }), tsMicros: TS },
    {
      data: udpFrame(OK, { src: '198.51.100.2', dst: '198.51.100.1', srcPort: 5060, dstPort: 5062 }),
      tsMicros: TS + 1500,
    },
  ];
}

describe('readPcap: pcap files', () => {
  for (const bigEndian of [false, true]) {
    for (const nanoseconds of [false, true]) {
      it(`reads ${bigEndian ? 'big' : 'little'}-endian ${nanoseconds ? 'nano' : 'micro'}second files`, () => {
        const result = readPcap(writePcap(frames(), { linkType: 1, bigEndian, nanoseconds }));
        expect(result.format).toBe('pcap');
        expect(result.linkTypes).toEqual(['ETHERNET']);
        expect(result.packets).toBe(2);
        expect(result.stoppedAt).toBeUndefined();
        expect(result.messages).toEqual([
          {
            tsMicros: TS,
            transport: 'udp',
            src: { address: '198.51.100.1', port: 5062 },
            dst: { address: '198.51.100.2', port: 5060 },
            text: INVITE,
            sourceLine: 1,
          },
          {
            tsMicros: TS + 1500,
            transport: 'udp',
            src: { address: '198.51.100.2', port: 5060 },
            dst: { address: '198.51.100.1', port: 5062 },
            text: OK,
            sourceLine: 2,
          },
        ]);
      });
    }
  }

  it('keeps sub-microsecond digits out of tsMicros (nanoseconds are truncated, not rounded)', () => {
    const file = writePcap([{ data: udpFrame(OK), tsMicros: TS }], { linkType: 1, nanoseconds: true });
    // 999 ns more than the frame's microsecond.
    file.writeUInt32LE(file.readUInt32LE(24 + 4) + 999, 24 + 4);
    expect(readPcap(file).messages[0]?.tsMicros).toBe(TS);
  });

  it('reads the modified pcap format (24-byte record headers)', () => {
    const result = readPcap(writePcap(frames(), { linkType: 1, modified: true }));
    expect(result.messages.map((m) => m.text)).toEqual([INVITE, OK]);
  });

  it('skips packets cut by the snaplen, with a reason, and keeps reading', () => {
    const whole = udpFrame(INVITE);
    const cut: Frame = { data: whole.subarray(0, 100), origLen: whole.length, tsMicros: TS };
    const result = readPcap(writePcap([cut, ...frames()], { linkType: 1, snaplen: 100 }));
    expect(result.packets).toBe(3);
    expect(result.messages.map((m) => m.sourceLine)).toEqual([2, 3]);
    expect(result.skipped).toEqual([
      { reason: "cut short by the capture's snaplen (captured less than the packet)", count: 1 },
    ]);
    expect(result.stoppedAt).toBeUndefined();
  });

  it('imports a packet whose cut-off part is only link-layer trailer', () => {
    // An Ethernet FCS or padding beyond the IP length may be cut without losing anything.
    const frame = Buffer.concat([udpFrame(OK), Buffer.alloc(4)]);
    const result = readPcap(
      writePcap([{ data: frame.subarray(0, frame.length - 4), origLen: frame.length }], { linkType: 1 }),
    );
    expect(result.messages.map((m) => m.text)).toEqual([OK]);
  });

  it('ignores Ethernet padding and FCS after the IP packet', () => {
    const frame = Buffer.concat([udpFrame(OK), Buffer.from([0, 0, 0xde, 0xad, 0xbe, 0xef])]);
    expect(readPcap(writePcap([{ data: frame }], { linkType: 1 })).messages[0]?.text).toBe(OK);
  });
});
