// Captured SIP messages as Ethernet frames, for the pcap and pcapng writers: real Ethernet II,
// IPv4 (RFC 791) or IPv6 (RFC 8200), and UDP (RFC 768) or TCP (RFC 9293) headers around the
// exact bytes that were on the wire, so Wireshark and tshark dissect every message.
import type { Endpoint, StoredMessage } from '../../shared/trace-types';
import { ipv4MappedBytes } from '../../shared/sip/address-text';

export interface Frame {
  readonly tsMicros: number;
  readonly bytes: Uint8Array;
  /** Store id of the message this frame carries (part of, for a message split over TCP segments). */
  readonly messageId: number;
}

/** Fake but stable MAC addresses: locally administered (bit 1 of the first octet), one per side. */
const MAC_LOCAL = [0x02, 0x00, 0x5e, 0x00, 0x00, 0x01] as const;
const MAC_REMOTE = [0x02, 0x00, 0x5e, 0x00, 0x00, 0x02] as const;
const SIP_PORT = 5060;
/** Largest TCP payload per segment: an IPv4 packet's total length is 16 bits. */
const TCP_SEGMENT = 65_000;
/** Largest UDP payload that fits one IPv4 datagram (65535 − 20 − 8). */
const UDP_MAX = 65_507;

export function framesOf(messages: readonly StoredMessage[]): Frame[] {
  const tcp = new TcpStreams();
  const frames: Frame[] = [];
  for (const m of messages) {
    const fromLocal = m.direction === 'out';
    const src = endpoint(fromLocal ? m.local : m.remote);
    const dst = endpoint(fromLocal ? m.remote : m.local);
    const macs = fromLocal ? [MAC_REMOTE, MAC_LOCAL] : [MAC_LOCAL, MAC_REMOTE];
    const payload = m.raw;
    if (m.transport === 'tcp') {
      for (let off = 0; off < Math.max(1, payload.length); off += TCP_SEGMENT) {
        const chunk = payload.subarray(off, off + TCP_SEGMENT);
        const segment = tcp.segment(src, dst, chunk);
        frames.push({
          tsMicros: m.tsMicros,
          bytes: ethernet(macs, src, dst, 6, segment, frames.length + 1),
          messageId: m.id,
        });
      }
    } else {
      const data = payload.length > UDP_MAX ? payload.subarray(0, UDP_MAX) : payload;
      frames.push({
        tsMicros: m.tsMicros,
        bytes: ethernet(macs, src, dst, 17, udp(src, dst, data), frames.length + 1),
        messageId: m.id,
      });
    }
  }
  return frames;
}

interface Addr {
  readonly ip: Uint8Array;
  readonly port: number;
}

/** An import without addresses is stored as 0.0.0.0:0; port 0 becomes 5060 so the SIP dissector claims it. */
function endpoint(e: Endpoint): Addr {
  return { ip: parseIp(e.address), port: e.port > 0 && e.port <= 65535 ? e.port : SIP_PORT };
}

export function parseIp(address: string): Uint8Array {
  const a = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) return Uint8Array.from(v4.slice(1, 5).map((x) => Math.min(255, Number(x))));
  if (a.includes(':')) {
    const mapped = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
    let text = a;
    if (mapped) {
      const q = parseIp(mapped[2]!);
      text = `${mapped[1]}${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
    }
    const [head = '', tail] = text.split('::');
    const hs = head === '' ? [] : head.split(':');
    const ts = tail === undefined || tail === '' ? [] : tail.split(':');
    const groups =
      tail === undefined
        ? hs
        : [...hs, ...Array<string>(Math.max(0, 8 - hs.length - ts.length)).fill('0'), ...ts];
    if (groups.length === 8 && groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) {
      const out = new Uint8Array(16);
      groups.forEach((g, i) => {
        const v = parseInt(g, 16);
        out[i * 2] = v >> 8;
        out[i * 2 + 1] = v & 0xff;
      });
      return out;
    }
  }
  return new Uint8Array(4);
}

function ethernet(
  macs: readonly (readonly number[])[],
  src: Addr,
  dst: Addr,
  protocol: 6 | 17,
  transport: Uint8Array,
  id: number,
): Uint8Array {
  // Both ends in one family: a v4 side talking to a v6 side only happens with unknown addresses.
  const v6 = src.ip.length === 16 || dst.ip.length === 16;
  const s = v6 ? ipv4MappedBytes(src.ip) : src.ip;
  const d = v6 ? ipv4MappedBytes(dst.ip) : dst.ip;
  if (protocol === 6 || v6) fillChecksum(protocol, s, d, transport);
  const ip = v6 ? ipv6(s, d, protocol, transport.length) : ipv4(s, d, protocol, transport.length, id);
  const frame = new Uint8Array(14 + ip.length + transport.length);
  frame.set(macs[0]!, 0);
  frame.set(macs[1]!, 6);
  frame[12] = v6 ? 0x86 : 0x08;
  frame[13] = v6 ? 0xdd : 0x00;
  frame.set(ip, 14);
  frame.set(transport, 14 + ip.length);
  return frame;
}

function ipv4(
  src: Uint8Array,
  dst: Uint8Array,
  protocol: number,
  payloadLength: number,
  id: number,
): Uint8Array {
  const h = new Uint8Array(20);
  const v = new DataView(h.buffer);
  h[0] = 0x45;
  v.setUint16(2, Math.min(0xffff, 20 + payloadLength));
  v.setUint16(4, id & 0xffff);
  v.setUint16(6, 0x4000); // DF: the datagram was never fragmented on the wire as far as we know
  h[8] = 64;
  h[9] = protocol;
  h.set(src, 12);
  h.set(dst, 16);
  v.setUint16(10, onesComplement(sum(h, 0)));
  return h;
}

function ipv6(src: Uint8Array, dst: Uint8Array, protocol: number, payloadLength: number): Uint8Array {
  const h = new Uint8Array(40);
  const v = new DataView(h.buffer);
  h[0] = 0x60;
  v.setUint16(4, Math.min(0xffff, payloadLength));
  h[6] = protocol;
  h[7] = 64;
  h.set(src, 8);
  h.set(dst, 24);
  return h;
}

function udp(src: Addr, dst: Addr, data: Uint8Array): Uint8Array {
  const u = new Uint8Array(8 + data.length);
  const v = new DataView(u.buffer);
  v.setUint16(0, src.port);
  v.setUint16(2, dst.port);
  v.setUint16(4, Math.min(0xffff, u.length));
  // RFC 768: checksum 0 means "none" over IPv4; IPv6 requires one (filled in by fillChecksum).
  u.set(data, 8);
  return u;
}

/** Per direction of each connection: the next sequence number, so segments follow each other. */
class TcpStreams {
  private readonly next = new Map<string, number>();

  segment(src: Addr, dst: Addr, data: Uint8Array): Uint8Array {
    const key = `${src.ip.join('.')}:${src.port}>${dst.ip.join('.')}:${dst.port}`;
    const back = `${dst.ip.join('.')}:${dst.port}>${src.ip.join('.')}:${src.port}`;
    const seq = this.next.get(key) ?? initialSeq(key);
    const ack = this.next.get(back) ?? initialSeq(back);
    this.next.set(key, (seq + data.length) >>> 0);
    if (!this.next.has(back)) this.next.set(back, ack);
    const t = new Uint8Array(20 + data.length);
    const v = new DataView(t.buffer);
    v.setUint16(0, src.port);
    v.setUint16(2, dst.port);
    v.setUint32(4, seq);
    v.setUint32(8, ack);
    t[12] = 5 << 4;
    t[13] = 0x18; // PSH, ACK
    v.setUint16(14, 65535);
    t.set(data, 20);
    return t;
  }
}

/** A fixed, connection-dependent start, so two exports of one run are byte-identical. */
function initialSeq(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) & 0x7fffffff;
}

/** RFC 1071 checksum over the pseudo-header and the segment, written into the transport header. */
function fillChecksum(protocol: 6 | 17, src: Uint8Array, dst: Uint8Array, segment: Uint8Array): void {
  const pseudo = new Uint8Array(src.length * 2 + 8);
  const pv = new DataView(pseudo.buffer);
  pseudo.set(src, 0);
  pseudo.set(dst, src.length);
  if (src.length === 16) {
    pv.setUint32(32, segment.length);
    pseudo[39] = protocol;
  } else {
    pseudo[9] = protocol;
    pv.setUint16(10, segment.length);
  }
  const offset = protocol === 6 ? 16 : 6;
  segment[offset] = 0;
  segment[offset + 1] = 0;
  const total = sum(pseudo.subarray(0, src.length === 16 ? 40 : 12), sum(segment, 0));
  let c = onesComplement(total);
  if (protocol === 17 && c === 0) c = 0xffff;
  segment[offset] = c >> 8;
  segment[offset + 1] = c & 0xff;
}

function sum(bytes: Uint8Array, start: number): number {
  let s = start;
  for (let i = 0; i + 1 < bytes.length; i += 2) s += (bytes[i]! << 8) | bytes[i + 1]!;
  if (bytes.length % 2 === 1) s += bytes[bytes.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

function onesComplement(s: number): number {
  return ~s & 0xffff;
}
