// IPv4 (RFC 791: options, fragments) and IPv6 (RFC 8200: extension headers, Fragment header),
// reassembly in any order, and the packets that are not UDP or TCP.
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { writePcap } from './capture-writer';
import {
  bytesOf,
  ethernet,
  ipv4,
  ipv4Fragments,
  ipv6,
  ipv6Fragments,
  IP_UDP,
  sipMessage,
  udp,
} from './packet-builder';

const TS = 1_750_000_000_000_000;
// Big enough to need several fragments of 64 bytes.
const INVITE = sipMessage(
  'INVITE sip:bob@example.com SIP/2.0',
  'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n'.repeat(5),
);
const OK = sipMessage('SIP/2.0 200 OK');

function read(...packets: Buffer[]) {
  return readPcap(
    writePcap(
      packets.map((ip, i) => ({ data: ethernet(ip), tsMicros: TS + i })),
      { linkType: 1 },
    ),
  );
}

const v4Fragments = (id = 7, src = '192.0.2.1'): Buffer[] =>
  ipv4Fragments(
    { src, dst: '192.0.2.2', protocol: IP_UDP, id, payload: udp(5060, 5060, bytesOf(INVITE)) },
    64,
  );

const v6Fragments = (id = 0x12345678): Buffer[] =>
  ipv6Fragments({ nextHeader: IP_UDP, id, payload: udp(5060, 5060, bytesOf(INVITE)) }, 64);

describe('readPcap: IPv4', () => {
  it('skips IPv4 options by the header length', () => {
    const options = [0x94, 0x04, 0, 0, 0x01, 0x01, 0x01, 0x07, 3, 4, 5]; // router alert, NOPs, a record route
    const result = read(ipv4({ protocol: IP_UDP, options, payload: udp(5060, 5060, bytesOf(OK)) }));
    expect(result.messages.map((m) => m.text)).toEqual([OK]);
  });

  it('reads a Total Length of 0 (segmentation offload) as the frame length', () => {
    const result = read(ipv4({ protocol: IP_UDP, totalLength: 0, payload: udp(5060, 5060, bytesOf(OK)) }));
    expect(result.messages.map((m) => m.text)).toEqual([OK]);
  });

  it('reassembles fragments in order; the message is from the packet that completed it', () => {
    const fragments = v4Fragments();
    expect(fragments.length).toBeGreaterThan(4);
    const result = read(...fragments);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({
      text: INVITE,
      sourceLine: fragments.length,
      tsMicros: TS + fragments.length - 1,
      src: { address: '192.0.2.1', port: 5060 },
    });
    expect(result.skipped).toEqual([]);
  });

  it('reassembles fragments in reverse and shuffled order, ignoring duplicates', () => {
    expect(read(...v4Fragments().reverse()).messages.map((m) => m.text)).toEqual([INVITE]);
    const f = v4Fragments();
    const shuffled = [f[3], f[0], f[3], f[5], f[1], f[2], ...f.slice(6), f[4]].filter(
      (x): x is Buffer => !!x,
    );
    expect(read(...shuffled).messages.map((m) => [m.text, m.sourceLine])).toEqual([
      [INVITE, shuffled.length],
    ]);
  });

  it('keeps datagrams apart by source, destination, protocol and identification', () => {
    const a = v4Fragments(7, '192.0.2.1');
    const b = v4Fragments(7, '192.0.2.9');
    const interleaved = a.flatMap((f, i) => [f, b[i]]).filter((x): x is Buffer => !!x);
    const result = read(...interleaved);
    expect(result.messages.map((m) => m.src?.address)).toEqual(['192.0.2.1', '192.0.2.9']);
  });

  it('counts the fragments of a datagram that never completed', () => {
    const f = v4Fragments();
    const result = read(
      ...f.slice(0, 2),
      ...f.slice(3),
      ipv4({ protocol: IP_UDP, payload: udp(5060, 5060, bytesOf(OK)) }),
    );
    expect(result.messages.map((m) => m.text)).toEqual([OK]);
    expect(result.skipped).toEqual([
      { reason: 'IP fragment of a datagram that never completed', count: f.length - 1 },
    ]);
  });

  it('names protocols that are not UDP or TCP', () => {
    const result = read(
      ipv4({ protocol: 1, payload: Buffer.alloc(8) }),
      ipv4({ protocol: 89, payload: Buffer.alloc(8) }),
    );
    expect(result.skipped).toEqual([
      { reason: 'not UDP or TCP (IP protocol 1, ICMP)', count: 1 },
      { reason: 'not UDP or TCP (IP protocol 89, OSPF)', count: 1 },
    ]);
  });

  it('skips damaged headers without reading past the frame', () => {
    const ok = ipv4({ protocol: IP_UDP, payload: udp(5060, 5060, bytesOf(OK)) });
    const badIhl = Buffer.from(ok);
    badIhl[0] = 0x42;
    const longer = ipv4({
      protocol: IP_UDP,
      totalLength: ok.length + 40,
      payload: udp(5060, 5060, bytesOf(OK)),
    });
    const result = read(badIhl, longer, ok.subarray(0, 12), ok);
    expect(result.messages).toHaveLength(1);
    expect(result.skipped).toEqual([
      { reason: 'damaged IPv4 header (IHL below 5)', count: 1 },
      { reason: 'IPv4 total length beyond the captured frame', count: 1 },
      { reason: 'IPv4 header cut short', count: 1 },
    ]);
  });
});

describe('readPcap: IPv6', () => {
  it('follows hop-by-hop, routing and destination options headers', () => {
    const payload = udp(5060, 5060, bytesOf(OK));
    const result = read(
      ipv6({
        nextHeader: IP_UDP,
        payload,
        extensions: [
          { type: 0, body: [5, 2, 0, 0] },
          { type: 43, body: [0, 0, 0, 0, 0, 0] },
          { type: 60, body: [1, 4, 0, 0, 0, 0] },
        ],
      }),
    );
    expect(result.messages.map((m) => [m.text, m.src?.address, m.dst?.address])).toEqual([
      [OK, '2001:db8::1', '2001:db8::2'],
    ]);
  });

  it('reassembles Fragment-header fragments in any order', () => {
    const f = v6Fragments();
    expect(read(...f).messages.map((m) => [m.text, m.sourceLine])).toEqual([[INVITE, f.length]]);
    expect(read(...[...f].reverse()).messages.map((m) => m.text)).toEqual([INVITE]);
  });

  it('follows extension headers that come after the Fragment header (in the fragmentable part)', () => {
    const inner = Buffer.concat([
      Buffer.from([IP_UDP, 0, 1, 4, 0, 0, 0, 0]),
      udp(5060, 5060, bytesOf(INVITE)),
    ]);
    const f = ipv6Fragments({ nextHeader: 60, id: 9, payload: inner }, 64);
    expect(read(...f).messages.map((m) => m.text)).toEqual([INVITE]);
  });

  it('reads an atomic fragment (offset 0, no more fragments) as a whole datagram', () => {
    const f = ipv6Fragments({ nextHeader: IP_UDP, id: 1, payload: udp(5060, 5060, bytesOf(OK)) }, 4096);
    expect(f).toHaveLength(1);
    expect(read(...f).messages.map((m) => m.text)).toEqual([OK]);
  });

  it('skips ESP (encrypted) and No Next Header', () => {
    const result = read(
      ipv6({ nextHeader: 50, payload: Buffer.alloc(32) }),
      ipv6({ nextHeader: 59, payload: Buffer.alloc(0) }),
    );
    expect(result.skipped).toEqual([
      { reason: 'IPsec ESP (encrypted)', count: 1 },
      { reason: 'IPv6 packet without payload (No Next Header)', count: 1 },
    ]);
  });
});

describe('readPcap: IP in IP', () => {
  it('reads IPv6 tunnelled in IPv4 (6in4) and IPv4 in IPv6', () => {
    const inner6 = ipv6({ nextHeader: IP_UDP, payload: udp(5060, 5060, bytesOf(OK)) });
    const inner4 = ipv4({ src: '198.51.100.1', protocol: IP_UDP, payload: udp(5060, 5060, bytesOf(OK)) });
    const result = read(ipv4({ protocol: 41, payload: inner6 }), ipv6({ nextHeader: 4, payload: inner4 }));
    expect(result.messages.map((m) => m.src?.address)).toEqual(['2001:db8::1', '198.51.100.1']);
  });
});
