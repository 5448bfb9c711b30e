// Reads HEP (Homer Encapsulation Protocol) packets as capture agents send them: Kamailio and
// OpenSIPS siptrace, Asterisk res_hep, FreeSWITCH, heplify, captagent.
//
// HEPv3: the ASCII id "HEP3", the total length (16 bits), then chunks of vendor id (16), type
// (16), length incl. this 6-byte header (16) and value, network byte order. Generic chunk types
// (vendor 0x0000): 1 IP family (2 IPv4, 10 IPv6), 2 IP protocol (17 UDP, 6 TCP), 3/4 IPv4 source/
// destination, 5/6 IPv6 source/destination, 7/8 ports, 9/10 timestamp seconds/microseconds, 11
// protocol type (1 = SIP), 12 capture agent id, 15 payload, 16 compressed payload, 17 correlation id.
//
// HEPv1/v2 (Kamailio's hep_version=1|2): version (8), header length (8), family (8), protocol (8),
// source and destination port (16 each, network order), source and destination address (4 or 16
// bytes each); v2 adds seconds and microseconds (32 each) and a capture id (16) plus 2 bytes of
// padding, written in the sender's byte order (little-endian on every agent seen in practice).
// The SIP message follows the header.
//
// Nothing here throws on what arrives from the network: a packet is read or gets a one-line reason.
import { formatIpv4, formatIpv6 } from '../pcap/ip-address';

export interface DecodedHep {
  /** 2 = IPv4, 10 = IPv6 (the socket families HEP uses). */
  readonly family: number;
  /** IP protocol: 17 UDP, 6 TCP (others as sent). */
  readonly protocol: number;
  readonly srcAddress: string;
  readonly dstAddress: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Microseconds since the Unix epoch, as the agent stamped it; undefined when it did not. */
  readonly tsMicros: number;
  /** 1 = SIP; HEPv1/v2 carry SIP only. */
  readonly protoType: number;
  readonly version: 1 | 2 | 3;
  readonly agentId?: number;
  readonly correlationId?: string;
  readonly payload: Uint8Array;
}

export type HepReadResult =
  { readonly ok: true; readonly packet: DecodedHep } | { readonly ok: false; readonly reason: string };

const HEP3_HEADER = 6;
const CHUNK_HEADER = 6;
const AF_INET = 2;
const AF_INET6 = 10;

function fail(reason: string): HepReadResult {
  return { ok: false, reason };
}

/** Reads one HEP packet (v1, v2 or v3). */
export function readHep(packet: Uint8Array): HepReadResult {
  const b = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (b.length >= 4 && b.toString('latin1', 0, 4) === 'HEP3') return readHep3(b);
  if (b.length >= 1 && (b[0] === 1 || b[0] === 2)) return readHep12(b);
  return fail('not a HEP packet');
}

/** Reads one HEP packet; throws with a one-line reason when it is not one. */
export function decodeHep(packet: Uint8Array): DecodedHep {
  const r = readHep(packet);
  if (!r.ok) throw new Error(r.reason);
  return r.packet;
}

function readHep3(b: Buffer): HepReadResult {
  if (b.length < HEP3_HEADER) return fail('HEPv3 packet cut short');
  const total = b.readUInt16BE(4);
  if (total > b.length) return fail(`HEPv3 packet says ${total} bytes but has ${b.length}`);
  if (total < HEP3_HEADER) return fail(`HEPv3 packet says ${total} bytes`);
  const fields = new Map<number, Buffer>();
  for (let off = HEP3_HEADER; off < total;) {
    if (off + CHUNK_HEADER > total) return fail('HEPv3 chunk header cut short');
    const type = b.readUInt16BE(off + 2);
    const len = b.readUInt16BE(off + 4);
    if (len < CHUNK_HEADER || off + len > total) return fail(`HEPv3 chunk ${type} has a bad length ${len}`);
    // Vendor chunks (captagent's, Kamailio's own) are not ours to read.
    if (b.readUInt16BE(off) === 0) fields.set(type, b.subarray(off + CHUNK_HEADER, off + len));
    off += len;
  }
  const field = (t: number, size: number): Buffer | undefined => {
    const v = fields.get(t);
    return v !== undefined && v.length >= size ? v : undefined;
  };
  const familyField = field(1, 1);
  if (!familyField) return fail('HEPv3 chunk 1 (IP family) is missing');
  const family = familyField[0]!;
  if (family !== AF_INET && family !== AF_INET6)
    return fail(`HEPv3 IP family ${family} is neither IPv4 nor IPv6`);
  const v6 = family === AF_INET6;
  const src = field(v6 ? 5 : 3, v6 ? 16 : 4);
  const dst = field(v6 ? 6 : 4, v6 ? 16 : 4);
  const srcPort = field(7, 2);
  const dstPort = field(8, 2);
  if (!src || !dst) return fail('HEPv3 addresses are missing');
  if (!srcPort || !dstPort) return fail('HEPv3 ports are missing');
  const payload = fields.get(15);
  if (!payload) return fail(fields.has(16) ? 'HEPv3 payload is compressed' : 'HEPv3 payload is missing');
  const seconds = field(9, 4);
  const micros = field(10, 4);
  const agent = field(12, 4);
  const correlation = fields.get(17);
  return {
    ok: true,
    packet: {
      version: 3,
      family,
      protocol: field(2, 1)?.[0] ?? 17,
      srcAddress: v6 ? formatIpv6(src, 0) : formatIpv4(src, 0),
      dstAddress: v6 ? formatIpv6(dst, 0) : formatIpv4(dst, 0),
      srcPort: srcPort.readUInt16BE(0),
      dstPort: dstPort.readUInt16BE(0),
      tsMicros: seconds ? seconds.readUInt32BE(0) * 1e6 + (micros?.readUInt32BE(0) ?? 0) : 0,
      protoType: field(11, 1)?.[0] ?? 1,
      ...(agent ? { agentId: agent.readUInt32BE(0) } : {}),
      ...(correlation && correlation.length > 0 ? { correlationId: correlation.toString('latin1') } : {}),
      payload: new Uint8Array(payload),
    },
  };
}

function readHep12(b: Buffer): HepReadResult {
  const version = b[0] === 1 ? 1 : 2;
  if (b.length < 8) return fail(`HEPv${version} packet cut short`);
  const headerLength = b[1]!;
  const family = b[2]!;
  if (family !== AF_INET && family !== AF_INET6)
    return fail(`HEPv${version} IP family ${family} is neither IPv4 nor IPv6`);
  const v6 = family === AF_INET6;
  const addresses = v6 ? 32 : 8;
  const timeHeader = version === 2 ? 12 : 0;
  if (headerLength !== 8 + addresses)
    return fail(`HEPv${version} header length ${headerLength} does not fit its family`);
  const start = headerLength + timeHeader;
  if (b.length < start) return fail(`HEPv${version} packet cut short`);
  const tsMicros = version === 2 ? b.readUInt32LE(headerLength) * 1e6 + b.readUInt32LE(headerLength + 4) : 0;
  return {
    ok: true,
    packet: {
      version,
      family,
      protocol: b[3]!,
      srcAddress: v6 ? formatIpv6(b, 8) : formatIpv4(b, 8),
      dstAddress: v6 ? formatIpv6(b, 24) : formatIpv4(b, 12),
      srcPort: b.readUInt16BE(4),
      dstPort: b.readUInt16BE(6),
      tsMicros,
      protoType: 1,
      ...(version === 2 ? { agentId: b.readUInt16LE(headerLength + 8) } : {}),
      payload: new Uint8Array(b.subarray(start)),
    },
  };
}
