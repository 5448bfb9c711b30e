// Link types: Ethernet with 802.1Q / 802.1ad tags, Linux cooked SLL and SLL2, raw IP under its
// several numbers, BSD and OpenBSD loopback; unsupported ones skipped with one warning.
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { writePcap } from './capture-writer';
import {
  bytesOf,
  ethernet,
  ipv4,
  ipv6,
  IP_UDP,
  loopback,
  sipMessage,
  sll,
  sll2,
  udp,
} from './packet-builder';

const OPTIONS = sipMessage('OPTIONS sip:pbx.example.com SIP/2.0');
const v4 = ipv4({
  src: '192.0.2.1',
  dst: '192.0.2.2',
  protocol: IP_UDP,
  payload: udp(5080, 5060, bytesOf(OPTIONS)),
});
const v6 = ipv6({
  src: '2001:db8::1',
  dst: '2001:db8::2',
  nextHeader: IP_UDP,
  payload: udp(5080, 5060, bytesOf(OPTIONS)),
});

function readFrames(linkType: number, ...frames: Buffer[]) {
  return readPcap(
    writePcap(
      frames.map((data) => ({ data })),
      { linkType },
    ),
  );
}

function endpoints(linkType: number, ...frames: Buffer[]): string[] {
  return readFrames(linkType, ...frames).messages.map(
    (m) => `${m.src?.address}:${m.src?.port} > ${m.dst?.address}:${m.dst?.port} ${m.text === OPTIONS}`,
  );
}

describe('readPcap: link types', () => {
  it('Ethernet, untagged and with one or two VLAN tags', () => {
    expect(
      endpoints(
        1,
        ethernet(v4),
        ethernet(v6),
        ethernet(v4, { vlans: [[0x8100, 100]] }),
        ethernet(v6, {
          vlans: [
            [0x88a8, 10],
            [0x8100, 100],
          ],
        }),
        ethernet(v4, {
          vlans: [
            [0x9100, 10],
            [0x8100, 100],
          ],
        }),
      ),
    ).toEqual([
      '192.0.2.1:5080 > 192.0.2.2:5060 true',
      '2001:db8::1:5080 > 2001:db8::2:5060 true',
      '192.0.2.1:5080 > 192.0.2.2:5060 true',
      '2001:db8::1:5080 > 2001:db8::2:5060 true',
      '192.0.2.1:5080 > 192.0.2.2:5060 true',
    ]);
  });

  it('Ethernet frames that carry no IP are skipped by EtherType', () => {
    const arp = ethernet(Buffer.alloc(28), { etherType: 0x0806 });
    const result = readFrames(1, arp, ethernet(v4));
    expect(result.messages).toHaveLength(1);
    expect(result.skipped).toEqual([{ reason: 'not IP (EtherType 0x0806)', count: 1 }]);
  });

  it('Linux cooked v1 (SLL), also with a VLAN tag libpcap put back', () => {
    const tagged = Buffer.concat([sll(Buffer.alloc(0), 0x8100), Buffer.from([0, 100, 0x08, 0x00]), v4]);
    expect(endpoints(113, sll(v4), sll(v6), tagged)).toEqual([
      '192.0.2.1:5080 > 192.0.2.2:5060 true',
      '2001:db8::1:5080 > 2001:db8::2:5060 true',
      '192.0.2.1:5080 > 192.0.2.2:5060 true',
    ]);
  });

  it('Linux cooked v2 (SLL2)', () => {
    expect(endpoints(276, sll2(v4), sll2(v6))).toEqual([
      '192.0.2.1:5080 > 192.0.2.2:5060 true',
      '2001:db8::1:5080 > 2001:db8::2:5060 true',
    ]);
  });

  for (const linkType of [101, 12, 14]) {
    it(`raw IP as link type ${linkType}`, () => {
      const result = readFrames(linkType, v4, v6);
      expect(result.linkTypes).toEqual(['RAW']);
      expect(result.messages).toHaveLength(2);
    });
  }

  it('LINKTYPE_IPV4 and LINKTYPE_IPV6', () => {
    expect(readFrames(228, v4).messages).toHaveLength(1);
    expect(readFrames(229, v6).messages).toHaveLength(1);
  });

  it('BSD loopback (NULL): the address family in the writer’s byte order, any BSD’s IPv6 value', () => {
    const frames = [
      loopback(v4, 2, true),
      loopback(v6, 30, true),
      loopback(v6, 24, false),
      loopback(v6, 28, true),
    ];
    expect(readFrames(0, ...frames).messages).toHaveLength(4);
  });

  it('OpenBSD loopback (LOOP): the address family in network byte order', () => {
    expect(readFrames(108, loopback(v4, 2, false), loopback(v6, 24, false)).messages).toHaveLength(2);
  });

  it('an unsupported link type: packets skipped, one warning', () => {
    const result = readFrames(147, v4, v4);
    expect(result.linkTypes).toEqual(['LINKTYPE 147']);
    expect(result.messages).toEqual([]);
    expect(result.skipped).toEqual([{ reason: 'link type 147 (LINKTYPE 147) not supported', count: 2 }]);
    expect(result.warnings).toEqual([
      'link type 147 (LINKTYPE 147) is not supported: its packets are skipped',
    ]);
  });

  it('frames too short for their link-layer header are skipped', () => {
    const result = readFrames(1, Buffer.alloc(10), ethernet(v4).subarray(0, 14));
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'frame too short for Ethernet',
      'frame too short for its link-layer header',
    ]);
  });
});
