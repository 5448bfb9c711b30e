// HEPv3 (Homer Encapsulation Protocol, version 3) packets of captured SIP messages: what Homer's
// heplify-server, Kamailio's sipcapture module and captagent speak. A packet is the ASCII id "HEP3",
// its total length (16 bits), then chunks of vendor id (16), type (16), length incl. this 6-byte
// header (16) and value, all network byte order. Generic chunk types (vendor 0x0000):
//   1 IP family (8: 2 = IPv4, 10 = IPv6)   2 IP protocol (8: 17 UDP, 6 TCP)
//   3/4 IPv4 source/destination (32)       5/6 IPv6 source/destination (128)
//   7/8 source/destination port (16)       9/10 timestamp seconds / microseconds (32)
//   11 protocol type (8: 1 = SIP)          12 capture agent id (32)
//   15 captured payload                    17 correlation id (string; we send the Call-ID)
// Pure: the sender (hep-send.ts) owns the socket.
import type { StoredMessage } from '../../shared/trace-types';
import { parseIp } from './packet-frames';
import { ipv4MappedBytes } from '../../shared/sip/address-text';

const CHUNK_HEADER = 6;
const HEP_HEADER = 6;
const PROTO_SIP = 1;
/** A HEP packet's length field is 16 bits. */
export const HEP_MAX_PACKET = 0xffff;

export interface HepOptions {
  /** Capture agent id (Homer shows it as the node). Default 2001 ("sipkit" would not fit 32 bits). */
  readonly agentId?: number;
}

type HepMessage = Pick<
  StoredMessage,
  'tsMicros' | 'direction' | 'transport' | 'local' | 'remote' | 'raw' | 'callId'
>;

export function encodeHep(m: HepMessage, opts: HepOptions = {}): Uint8Array {
  const out = m.direction === 'out';
  const src = out ? m.local : m.remote;
  const dst = out ? m.remote : m.local;
  const srcIp = parseIp(src.address);
  const dstIp = parseIp(dst.address);
  const v6 = srcIp.length === 16 || dstIp.length === 16;
  const seconds = Math.floor(m.tsMicros / 1e6);
  const micros = Math.round(m.tsMicros - seconds * 1e6);
  const correlation = m.callId !== undefined ? Buffer.from(m.callId, 'latin1') : undefined;
  const chunks: Array<[number, Uint8Array]> = [
    [1, u8(v6 ? 10 : 2)],
    [2, u8(m.transport === 'tcp' ? 6 : 17)],
    [v6 ? 5 : 3, v6 ? ipv4MappedBytes(srcIp) : srcIp],
    [v6 ? 6 : 4, v6 ? ipv4MappedBytes(dstIp) : dstIp],
    [7, u16(src.port)],
    [8, u16(dst.port)],
    [9, u32(seconds)],
    [10, u32(micros)],
    [11, u8(PROTO_SIP)],
    [12, u32(opts.agentId ?? 2001)],
    ...(correlation && correlation.length > 0 ? ([[17, correlation]] as Array<[number, Uint8Array]>) : []),
  ];
  const head = chunks.reduce((n, [, v]) => n + CHUNK_HEADER + v.length, HEP_HEADER);
  // The payload is cut to what fits the 16-bit length; SIP over UDP never comes close.
  const payload = m.raw.subarray(0, Math.max(0, HEP_MAX_PACKET - head - CHUNK_HEADER));
  chunks.push([15, payload]);
  const total = head + CHUNK_HEADER + payload.length;
  const buf = Buffer.allocUnsafe(total);
  buf.write('HEP3', 0, 'ascii');
  buf.writeUInt16BE(total, 4);
  let off = HEP_HEADER;
  for (const [type, value] of chunks) {
    buf.writeUInt16BE(0, off);
    buf.writeUInt16BE(type, off + 2);
    buf.writeUInt16BE(CHUNK_HEADER + value.length, off + 4);
    buf.set(value, off + CHUNK_HEADER);
    off += CHUNK_HEADER + value.length;
  }
  return buf;
}

// The reader lives with the other capture readers; re-exported for callers of the encoder.
export { decodeHep, type DecodedHep } from '../import/hep/hep-decode';

function u8(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff);
}
function u16(v: number): Uint8Array {
  return Uint8Array.of((v >> 8) & 0xff, v & 0xff);
}
function u32(v: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0, 0);
  return b;
}
