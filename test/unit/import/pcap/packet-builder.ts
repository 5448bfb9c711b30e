// Builds frames byte by byte for the pcap importer's tests: link-layer headers, IPv4/IPv6
// (with options, extension headers and fragments), UDP and TCP. Checksums are left 0: neither
// the importer nor tshark (by default) checks them.

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const IP_UDP = 17;
export const IP_TCP = 6;

function u16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

export function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

export function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

export function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string): number[] => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.flatMap(u16);
}

export interface EthernetOptions {
  readonly etherType?: number;
  /** VLAN tags outermost first: [tpid, vlanId] pairs (tpid 0x8100 or 0x88a8). */
  readonly vlans?: readonly (readonly [number, number])[];
}

export function ethernet(payload: Uint8Array, opts: EthernetOptions = {}): Buffer {
  const etherType = opts.etherType ?? ((payload[0] ?? 0) >> 4 === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
  const header = [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1];
  for (const [tpid, id] of opts.vlans ?? []) header.push(...u16(tpid), ...u16(id));
  header.push(...u16(etherType));
  return Buffer.concat([Buffer.from(header), payload]);
}

function etherTypeOf(payload: Uint8Array): number {
  return (payload[0] ?? 0) >> 4 === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
}

/** Linux cooked v1 (LINKTYPE_LINUX_SLL): 16 bytes, protocol last. */
export function sll(payload: Uint8Array, protocol = etherTypeOf(payload)): Buffer {
  const header = [...u16(0), ...u16(772), ...u16(6), 0, 0, 0, 0, 0, 0, 0, 0, ...u16(protocol)];
  return Buffer.concat([Buffer.from(header), payload]);
}

/** Linux cooked v2 (LINKTYPE_LINUX_SLL2): 20 bytes, protocol first. */
export function sll2(payload: Uint8Array, protocol = etherTypeOf(payload)): Buffer {
  const header = [...u16(protocol), 0, 0, ...u32(1), ...u16(772), 0, 6, 0, 0, 0, 0, 0, 0, 0, 0];
  return Buffer.concat([Buffer.from(header), payload]);
}

/** BSD loopback: a 4-byte address family, little-endian (NULL) or big-endian (LOOP). */
export function loopback(payload: Uint8Array, family: number, littleEndian: boolean): Buffer {
  const header = Buffer.alloc(4);
  if (littleEndian) header.writeUInt32LE(family);
  else header.writeUInt32BE(family);
  return Buffer.concat([header, payload]);
}

export interface Ipv4Options {
  readonly src?: string;
  readonly dst?: string;
  readonly protocol: number;
  readonly payload: Uint8Array;
  readonly id?: number;
  /** Raw option bytes, padded here to a multiple of 4. */
  readonly options?: readonly number[];
  readonly moreFragments?: boolean;
  /** In bytes; must be a multiple of 8. */
  readonly fragmentOffset?: number;
  /** Overrides the Total Length field (e.g. 0 as segmentation offload writes it). */
  readonly totalLength?: number;
}

export function ipv4(opts: Ipv4Options): Buffer {
  const options = [...(opts.options ?? [])];
  while (options.length % 4 !== 0) options.push(0);
  const headerLength = 20 + options.length;
  const flags = (opts.moreFragments ? 0x2000 : 0) | ((opts.fragmentOffset ?? 0) / 8);
  const header = [
    0x40 | (headerLength / 4),
    0,
    ...u16(opts.totalLength ?? headerLength + opts.payload.length),
    ...u16(opts.id ?? 1),
    ...u16(flags),
    64,
    opts.protocol,
    0,
    0,
    ...ipv4Bytes(opts.src ?? '198.51.100.1'),
    ...ipv4Bytes(opts.dst ?? '198.51.100.2'),
    ...options,
  ];
  return Buffer.concat([Buffer.from(header), opts.payload]);
}

/** Splits a transport payload into IPv4 fragments of at most `size` bytes (a multiple of 8). */
export function ipv4Fragments(
  opts: Omit<Ipv4Options, 'moreFragments' | 'fragmentOffset'>,
  size: number,
): Buffer[] {
  const frames: Buffer[] = [];
  for (let offset = 0; offset < opts.payload.length; offset += size) {
    const piece = opts.payload.subarray(offset, offset + size);
    frames.push(
      ipv4({
        ...opts,
        payload: piece,
        fragmentOffset: offset,
        moreFragments: offset + size < opts.payload.length,
      }),
    );
  }
  return frames;
}

export interface Ipv6Extension {
  readonly type: number;
  /** Body after the next-header and length bytes; padded here to a multiple of 8 overall. */
  readonly body?: readonly number[];
}

export interface Ipv6Options {
  readonly src?: string;
  readonly dst?: string;
  readonly nextHeader: number;
  readonly payload: Uint8Array;
  readonly extensions?: readonly Ipv6Extension[];
}

function extensionChain(extensions: readonly Ipv6Extension[], last: number): number[] {
  const out: number[] = [];
  extensions.forEach((ext, i) => {
    const next = extensions[i + 1]?.type ?? last;
    const body = [...(ext.body ?? [])];
    while ((body.length + 2) % 8 !== 0) body.push(0);
    out.push(next, (body.length + 2) / 8 - 1, ...body);
  });
  return out;
}

export function ipv6(opts: Ipv6Options): Buffer {
  const extensions = opts.extensions ?? [];
  const chain = extensionChain(extensions, opts.nextHeader);
  const first = extensions[0]?.type ?? opts.nextHeader;
  const header = [
    0x60,
    0,
    0,
    0,
    ...u16(chain.length + opts.payload.length),
    first,
    64,
    ...ipv6Bytes(opts.src ?? '2001:db8::1'),
    ...ipv6Bytes(opts.dst ?? '2001:db8::2'),
    ...chain,
  ];
  return Buffer.concat([Buffer.from(header), opts.payload]);
}

/** IPv6 fragments (RFC 8200 §4.5) of `payload`, `size` bytes each (a multiple of 8). */
export function ipv6Fragments(
  opts: Omit<Ipv6Options, 'extensions'> & { readonly id: number },
  size: number,
): Buffer[] {
  const frames: Buffer[] = [];
  for (let offset = 0; offset < opts.payload.length; offset += size) {
    const piece = opts.payload.subarray(offset, offset + size);
    const more = offset + size < opts.payload.length;
    const fragmentHeader = [opts.nextHeader, 0, ...u16(offset | (more ? 1 : 0)), ...u32(opts.id)];
    const header = [
      0x60,
      0,
      0,
      0,
      ...u16(8 + piece.length),
      44,
      64,
      ...ipv6Bytes(opts.src ?? '2001:db8::1'),
      ...ipv6Bytes(opts.dst ?? '2001:db8::2'),
      ...fragmentHeader,
    ];
    frames.push(Buffer.concat([Buffer.from(header), piece]));
  }
  return frames;
}

export function udp(srcPort: number, dstPort: number, payload: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from([...u16(srcPort), ...u16(dstPort), ...u16(8 + payload.length), 0, 0]),
    payload,
  ]);
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export function tcp(
  srcPort: number,
  dstPort: number,
  seq: number,
  payload: Uint8Array = Buffer.alloc(0),
  flags = TCP_ACK | TCP_PSH,
): Buffer {
  const header = [
    ...u16(srcPort),
    ...u16(dstPort),
    ...u32(seq >>> 0),
    ...u32(0),
    0x50,
    flags,
    ...u16(65535),
    0,
    0,
    0,
    0,
  ];
  return Buffer.concat([Buffer.from(header), payload]);
}

/** A SIP message with a correct Content-Length. */
export function sipMessage(startLine: string, body = '', extraHeaders: readonly string[] = []): string {
  const headers = [
    startLine,
    'Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bK-1',
    'From: <sip:a@example.com>;tag=1',
    'To: <sip:b@example.com>',
    'Call-ID: call-1@example.com',
    'CSeq: 1 OPTIONS',
    ...extraHeaders,
    `Content-Length: ${Buffer.byteLength(body, 'latin1')}`,
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

export interface FlowOptions {
  readonly src?: string;
  readonly dst?: string;
  readonly srcPort?: number;
  readonly dstPort?: number;
}

/** An Ethernet frame with one UDP datagram over IPv4 (or IPv6 when the addresses say so). */
export function udpFrame(payload: string | Uint8Array, flow: FlowOptions = {}): Buffer {
  const data = typeof payload === 'string' ? bytesOf(payload) : payload;
  const datagram = udp(flow.srcPort ?? 5060, flow.dstPort ?? 5060, data);
  return ethernet(ipPacket(IP_UDP, datagram, flow));
}

/** An Ethernet frame with one TCP segment. */
export function tcpFrame(
  seq: number,
  payload: string | Uint8Array = '',
  flow: FlowOptions = {},
  flags = TCP_ACK | TCP_PSH,
): Buffer {
  const data = typeof payload === 'string' ? bytesOf(payload) : payload;
  return ethernet(ipPacket(IP_TCP, tcp(flow.srcPort ?? 40000, flow.dstPort ?? 5060, seq, data, flags), flow));
}

function ipPacket(protocol: number, payload: Uint8Array, flow: FlowOptions): Buffer {
  const src = flow.src ?? '198.51.100.1';
  const dst = flow.dst ?? '198.51.100.2';
  return src.includes(':')
    ? ipv6({ src, dst, nextHeader: protocol, payload })
    : ipv4({ src, dst, protocol, payload });
}
