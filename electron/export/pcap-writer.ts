// The classic libpcap file format (https://www.tcpdump.org/manpages/pcap-savefile.5.html):
// a 24-byte global header, then per packet a 16-byte record header with the original
// second/microsecond timestamp. Little-endian, microsecond resolution, LINKTYPE_ETHERNET.
import type { Frame } from './packet-frames';

const MAGIC_MICROS = 0xa1b2c3d4;
const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 262_144;

export function writePcap(frames: readonly Frame[]): Uint8Array {
  const size = 24 + frames.reduce((n, f) => n + 16 + f.bytes.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, MAGIC_MICROS, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true); // thiszone: timestamps are UTC
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, SNAPLEN, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  let off = 24;
  for (const f of frames) {
    const micros = Math.max(0, Math.round(f.tsMicros));
    v.setUint32(off, Math.floor(micros / 1_000_000), true);
    v.setUint32(off + 4, micros % 1_000_000, true);
    v.setUint32(off + 8, f.bytes.length, true);
    v.setUint32(off + 12, f.bytes.length, true);
    out.set(f.bytes, off + 16);
    off += 16 + f.bytes.length;
  }
  return out;
}
