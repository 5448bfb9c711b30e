// Outer headers for the importer's encapsulation tests, written byte by byte from the RFCs:
// VLAN stacks (IEEE 802.1Q/802.1ad), MPLS (RFC 3032), GRE (RFC 2784/2890), ERSPAN II/III
// (draft-foschiano-erspan), VXLAN (RFC 7348), SCTP DATA chunks (RFC 4960 §3.3.1) and WebSocket
// frames (RFC 6455 §5.2). Used to wrap frames of real captures, and to build damaged ones.
import { ETHERTYPE_IPV4, ethernet, ipv4, udp } from './packet-builder';

const IP_GRE = 47;
const IP_SCTP = 132;
const IP_UDP = 17;

function u16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** An Ethernet frame with `tags` ([TPID, VLAN id], outermost first) inserted after the MACs. */
export function withVlanTags(frame: Uint8Array, tags: readonly (readonly [number, number])[]): Buffer {
  const inserted = tags.flatMap(([tpid, id]) => [...u16(tpid), ...u16(id)]);
  return Buffer.concat([
    Buffer.from(frame.subarray(0, 12)),
    Buffer.from(inserted),
    Buffer.from(frame.subarray(12)),
  ]);
}

/** The IP packet of an untagged Ethernet frame. */
export function ipOf(frame: Uint8Array): Buffer {
  return Buffer.from(frame.subarray(14));
}

/** An Ethernet frame carrying `payload` under an MPLS label stack (labels outermost first). */
export function mplsFrame(payload: Uint8Array, labels: readonly number[]): Buffer {
  const stack = labels.flatMap((label, i) => {
    const bottom = i === labels.length - 1 ? 1 : 0;
    return u32(((label << 12) | (bottom << 8) | 64) >>> 0);
  });
  return ethernet(Buffer.concat([Buffer.from(stack), payload]), { etherType: 0x8847 });
}

export interface GreOptions {
  readonly key?: number;
  readonly sequence?: number;
  readonly checksum?: boolean;
}

/** A GRE header (version 0) and payload. */
export function gre(protocol: number, payload: Uint8Array, opts: GreOptions = {}): Buffer {
  const flags =
    (opts.checksum ? 0x80 : 0) |
    (opts.key !== undefined ? 0x20 : 0) |
    (opts.sequence !== undefined ? 0x10 : 0);
  const header = [flags, 0, ...u16(protocol)];
  if (opts.checksum) header.push(0, 0, 0, 0);
  if (opts.key !== undefined) header.push(...u32(opts.key));
  if (opts.sequence !== undefined) header.push(...u32(opts.sequence));
  return Buffer.concat([Buffer.from(header), payload]);
}

/** An outer Ethernet/IPv4 frame around a GRE packet, between two tunnel endpoints. */
export function greFrame(grePacket: Uint8Array): Buffer {
  return ethernet(ipv4({ src: '192.0.2.10', dst: '192.0.2.20', protocol: IP_GRE, payload: grePacket }));
}

/** ERSPAN type II: GRE 0x88BE with a sequence number, 8-byte header (version 1), the frame. */
export function erspanII(frame: Uint8Array, session: number, sequence: number): Buffer {
  const header = [0x10 | 0, 0x00, ...u16(session & 0x3ff), 0, 0, 0, 0];
  return gre(0x88be, Buffer.concat([Buffer.from(header), frame]), { sequence });
}

/** ERSPAN type III: GRE 0x22EB, 12-byte header (version 2), optional platform sub-header. */
export function erspanIII(frame: Uint8Array, session: number, sequence: number, platform = false): Buffer {
  const header = [0x20, 0x00, ...u16(session & 0x3ff), ...u32(123456), 0, 0, 0, platform ? 1 : 0];
  if (platform) header.push(...new Array<number>(8).fill(0));
  return gre(0x22eb, Buffer.concat([Buffer.from(header), frame]), { sequence });
}

/** A VXLAN packet (RFC 7348) in UDP to 4789 between two VTEPs, around an Ethernet frame. */
export function vxlanFrame(frame: Uint8Array, vni: number): Buffer {
  const header = Buffer.from([0x08, 0, 0, 0, ...u32(vni << 8).slice(0, 3), 0]);
  return ethernet(
    ipv4({
      src: '192.0.2.1',
      dst: '192.0.2.2',
      protocol: IP_UDP,
      payload: udp(49152, 4789, Buffer.concat([header, frame])),
    }),
  );
}

export interface DataChunk {
  readonly tsn: number;
  readonly stream?: number;
  readonly ssn?: number;
  readonly begin: boolean;
  readonly end: boolean;
  readonly data: Uint8Array;
}

/** An SCTP packet (common header and chunks); DATA chunks padded to 4 bytes. */
export function sctpPacket(
  srcPort: number,
  dstPort: number,
  chunks: readonly DataChunk[],
  extra: readonly Uint8Array[] = [],
): Buffer {
  const parts: Buffer[] = [Buffer.from([...u16(srcPort), ...u16(dstPort), ...u32(0x1234), 0, 0, 0, 0])];
  for (const c of chunks) {
    const length = 16 + c.data.length;
    parts.push(
      Buffer.from([
        0,
        (c.begin ? 2 : 0) | (c.end ? 1 : 0),
        ...u16(length),
        ...u32(c.tsn),
        ...u16(c.stream ?? 0),
        ...u16(c.ssn ?? 0),
        ...u32(0),
      ]),
      Buffer.from(c.data),
      Buffer.alloc((4 - (length % 4)) % 4),
    );
  }
  for (const e of extra) parts.push(Buffer.from(e));
  return Buffer.concat(parts);
}

export function sctpFrame(packet: Uint8Array, src = '198.51.100.1', dst = '198.51.100.2'): Buffer {
  return ethernet(ipv4({ src, dst, protocol: IP_SCTP, payload: packet }), { etherType: ETHERTYPE_IPV4 });
}

export interface WsFrameOptions {
  readonly opcode?: number;
  readonly fin?: boolean;
  /** The 4-byte masking key a client uses (RFC 6455 §5.3); unmasked when absent. */
  readonly mask?: readonly [number, number, number, number];
}

/** One WebSocket frame. */
export function wsFrame(payload: Uint8Array, opts: WsFrameOptions = {}): Buffer {
  const first = ((opts.fin ?? true) ? 0x80 : 0) | (opts.opcode ?? 1);
  const maskBit = opts.mask ? 0x80 : 0;
  const header = [first];
  if (payload.length < 126) header.push(maskBit | payload.length);
  else if (payload.length < 65536) header.push(maskBit | 126, ...u16(payload.length));
  else header.push(maskBit | 127, 0, 0, 0, 0, ...u32(payload.length));
  const body = Buffer.from(payload);
  if (opts.mask) {
    header.push(...opts.mask);
    for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (opts.mask[i & 3] ?? 0);
  }
  return Buffer.concat([Buffer.from(header), body]);
}

/** A WebSocket message cut into `pieces` frames (first text, then continuations). */
export function wsFragmented(
  payload: Uint8Array,
  pieces: number,
  mask?: readonly [number, number, number, number],
): Buffer {
  const size = Math.ceil(payload.length / pieces);
  const frames: Buffer[] = [];
  for (let i = 0; i < pieces; i++) {
    frames.push(
      wsFrame(payload.subarray(i * size, (i + 1) * size), {
        opcode: i === 0 ? 1 : 0,
        fin: i === pieces - 1,
        ...(mask ? { mask } : {}),
      }),
    );
  }
  return Buffer.concat(frames);
}
