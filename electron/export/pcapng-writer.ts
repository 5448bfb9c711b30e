// The pcapng format (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface Description
// Block (Ethernet, microsecond timestamps: the if_tsresol default of 10^-6), then one Enhanced
// Packet Block per frame with the original 64-bit timestamp and a comment naming the stored
// message, so a packet in Wireshark can be traced back to the run.
import type { Frame } from './packet-frames';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const LINKTYPE_ETHERNET = 1;
const OPT_COMMENT = 1;
const OPT_SHB_USERAPPL = 4;

export function writePcapng(frames: readonly Frame[], application = 'SIP Field Kit'): Uint8Array {
  const blocks: Uint8Array[] = [];
  const shbBody = concat([
    u32(BYTE_ORDER_MAGIC),
    u16(1),
    u16(0),
    // Section length unknown (-1): readers then walk the blocks.
    u32(0xffffffff),
    u32(0xffffffff),
    options([[OPT_SHB_USERAPPL, utf8(application)]]),
  ]);
  blocks.push(block(SHB, shbBody));
  blocks.push(block(IDB, concat([u16(LINKTYPE_ETHERNET), u16(0), u32(0)])));
  for (const f of frames) {
    const micros = BigInt(Math.max(0, Math.round(f.tsMicros)));
    const body = concat([
      u32(0),
      u32(Number(micros >> 32n)),
      u32(Number(micros & 0xffffffffn)),
      u32(f.bytes.length),
      u32(f.bytes.length),
      pad4(f.bytes),
      options([[OPT_COMMENT, utf8(`sipkit message ${f.messageId}`)]]),
    ]);
    blocks.push(block(EPB, body));
  }
  return concat(blocks);
}

function block(type: number, body: Uint8Array): Uint8Array {
  const total = 12 + body.length;
  return concat([u32(type), u32(total), body, u32(total)]);
}

function options(list: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [code, value] of list) parts.push(u16(code), u16(value.length), pad4(value));
  parts.push(u16(0), u16(0)); // opt_endofopt
  return concat(parts);
}

function pad4(bytes: Uint8Array): Uint8Array {
  const rest = (4 - (bytes.length % 4)) % 4;
  if (rest === 0) return bytes;
  const out = new Uint8Array(bytes.length + rest);
  out.set(bytes);
  return out;
}

function u16(n: number): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, n, true);
  return b;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
