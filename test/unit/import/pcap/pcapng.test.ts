// The pcapng format (draft-ietf-opsawg-pcapng): sections in either byte order, interfaces with
// their own link types and timestamp resolutions, EPB / SPB / obsolete PB, other blocks skipped.
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { writePcapng, type PcapngBlockSpec } from './capture-writer';
import { ipv4, IP_UDP, sipMessage, sll2, udp, udpFrame, bytesOf } from './packet-builder';

const TS = 1_750_000_000_123_456;
const OPTIONS = sipMessage('OPTIONS sip:pbx.example.com SIP/2.0');
const OK = sipMessage('SIP/2.0 200 OK');

const epb = (text: string, tsMicros = TS, interfaceId = 0): PcapngBlockSpec => ({
  kind: 'epb',
  interfaceId,
  frame: { data: udpFrame(text), tsMicros },
});

describe('readPcap: pcapng files', () => {
  for (const bigEndian of [false, true]) {
    it(`reads a ${bigEndian ? 'big' : 'little'}-endian section`, () => {
      const file = writePcapng([
        { bigEndian, interfaces: [{ linkType: 1 }], blocks: [epb(OPTIONS), epb(OK, TS + 7)] },
      ]);
      const result = readPcap(file);
      expect(result.format).toBe('pcapng');
      expect(result.linkTypes).toEqual(['ETHERNET']);
      expect(result.packets).toBe(2);
      expect(result.messages.map((m) => [m.sourceLine, m.tsMicros, m.text])).toEqual([
        [1, TS, OPTIONS],
        [2, TS + 7, OK],
      ]);
    });
  }

  it('reads several sections of different byte orders, each with its own interfaces', () => {
    const file = writePcapng([
      { interfaces: [{ linkType: 1 }], blocks: [epb(OPTIONS)] },
      {
        bigEndian: true,
        // Interface 0 of this section is Linux cooked v2, whatever interface 0 was before.
        interfaces: [{ linkType: 276 }],
        blocks: [
          {
            kind: 'epb',
            frame: {
              data: sll2(ipv4({ protocol: IP_UDP, payload: udp(5060, 5060, bytesOf(OK)) })),
              tsMicros: TS + 1,
            },
          },
        ],
      },
      { interfaces: [{ linkType: 1, tsresol: 9 }], blocks: [epb(OPTIONS, TS + 2)] },
    ]);
    const result = readPcap(file);
    expect(result.linkTypes).toEqual(['ETHERNET', 'LINUX_SLL2']);
    expect(result.messages.map((m) => [m.sourceLine, m.tsMicros, m.text])).toEqual([
      [1, TS, OPTIONS],
      [2, TS + 1, OK],
      [3, TS + 2, OPTIONS],
    ]);
  });

  it('reads interfaces of different link types in one section', () => {
    const ip = ipv4({ protocol: IP_UDP, payload: udp(5060, 5060, bytesOf(OK)) });
    const file = writePcapng([
      {
        interfaces: [{ linkType: 1 }, { linkType: 276 }, { linkType: 101 }],
        blocks: [
          epb(OPTIONS, TS, 0),
          { kind: 'epb', interfaceId: 1, frame: { data: sll2(ip), tsMicros: TS + 1 } },
          { kind: 'epb', interfaceId: 2, frame: { data: ip, tsMicros: TS + 2 } },
        ],
      },
    ]);
    const result = readPcap(file);
    expect(result.linkTypes).toEqual(['ETHERNET', 'LINUX_SLL2', 'RAW']);
    expect(result.messages.map((m) => m.text)).toEqual([OPTIONS, OK, OK]);
  });

  describe('timestamps (if_tsresol, if_tsoffset)', () => {
    const at = (tsresol: number | undefined, ticks: bigint, tsoffset?: bigint): number | undefined =>
      readPcap(
        writePcapng([
          {
            interfaces: [
              {
                linkType: 1,
                ...(tsresol === undefined ? {} : { tsresol }),
                ...(tsoffset === undefined ? {} : { tsoffset }),
              },
            ],
            blocks: [{ kind: 'epb', frame: { data: udpFrame(OK) }, ticks }],
          },
        ]),
      ).messages[0]?.tsMicros;

    it('defaults to microseconds', () => {
      expect(at(undefined, 1_750_000_000_123_456n)).toBe(1_750_000_000_123_456);
    });

    it('reads nanoseconds exactly, though they do not fit a double', () => {
      // 2^53 is about 9.007e15: this many nanoseconds would lose its last digits as a number.
      expect(at(9, 1_750_000_000_123_456_999n)).toBe(1_750_000_000_123_456);
      expect(at(9, 1_750_000_000_123_457_000n)).toBe(1_750_000_000_123_457);
    });

    it('reads milliseconds and picoseconds', () => {
      expect(at(3, 1_750_000_000_123n)).toBe(1_750_000_000_123_000);
      // 64 bits of picoseconds reach only 213 days past the epoch.
      expect(at(12, 10_000_000_123_456_789_012n)).toBe(10_000_000_123_456);
    });

    it('reads power-of-two resolutions', () => {
      // 2^-20 s: 1.5 s is 1.5 * 2^20 ticks.
      expect(at(0x80 | 20, 1_572_864n)).toBe(1_500_000);
      // 2^-30 s, one tick short of a full second: still second 0.
      expect(at(0x80 | 30, (1n << 30n) - 1n)).toBe(999_999);
      expect(at(0x80 | 30, 1_750_000_000n << 30n)).toBe(1_750_000_000_000_000);
    });

    it('adds if_tsoffset seconds, which may be negative', () => {
      expect(at(undefined, 5_000_000n, 1_750_000_000n)).toBe(1_750_000_005_000_000);
      expect(at(9, 5_000_000_000n, -2n)).toBe(3_000_000);
    });
  });

  it('reads Simple Packet Blocks: interface 0, no timestamp, snaplen from the interface', () => {
    const whole = udpFrame(OPTIONS);
    const file = writePcapng([
      {
        interfaces: [{ linkType: 1, snaplen: 100 }],
        blocks: [
          { kind: 'spb', data: udpFrame(OK).subarray(0, 100), origLen: udpFrame(OK).length },
          { kind: 'spb', data: whole.subarray(0, 100), origLen: whole.length },
        ],
      },
      { interfaces: [{ linkType: 1 }], blocks: [{ kind: 'spb', data: whole }] },
    ]);
    const result = readPcap(file);
    expect(result.packets).toBe(3);
    expect(result.messages).toEqual([
      {
        transport: 'udp',
        src: { address: '198.51.100.1', port: 5060 },
        dst: { address: '198.51.100.2', port: 5060 },
        text: OPTIONS,
        sourceLine: 3,
      },
    ]);
    expect(result.skipped).toEqual([
      { reason: "cut short by the capture's snaplen (captured less than the packet)", count: 2 },
    ]);
  });

  it('reads the obsolete Packet Block', () => {
    const file = writePcapng([
      {
        interfaces: [{ linkType: 1 }],
        blocks: [{ kind: 'pb', frame: { data: udpFrame(OK), tsMicros: TS } }],
      },
    ]);
    expect(readPcap(file).messages.map((m) => [m.tsMicros, m.text])).toEqual([[TS, OK]]);
  });

  it('skips blocks it does not need by their length', () => {
    const file = writePcapng([
      {
        interfaces: [{ linkType: 1 }],
        blocks: [
          {
            kind: 'raw',
            type: 4,
            body: Buffer.from([1, 0, 8, 0, 10, 0, 0, 1, 0x70, 0x62, 0x78, 0, 0, 0, 0, 0]),
          }, // NRB
          epb(OPTIONS),
          { kind: 'raw', type: 5, body: Buffer.alloc(16) }, // ISB
          { kind: 'raw', type: 10, body: Buffer.alloc(12) }, // DSB
          { kind: 'raw', type: 0x40000bad, body: Buffer.alloc(8) }, // custom block
          epb(OK),
        ],
      },
    ]);
    const result = readPcap(file);
    expect(result.packets).toBe(2);
    expect(result.messages.map((m) => m.text)).toEqual([OPTIONS, OK]);
    expect(result.warnings).toEqual([]);
  });

  it('skips a packet for an interface the section did not declare, and goes on', () => {
    const file = writePcapng([{ interfaces: [{ linkType: 1 }], blocks: [epb(OPTIONS, TS, 3), epb(OK)] }]);
    const result = readPcap(file);
    expect(result.messages.map((m) => [m.sourceLine, m.text])).toEqual([[2, OK]]);
    expect(result.skipped).toEqual([{ reason: 'packet block for an undeclared interface', count: 1 }]);
  });
});
