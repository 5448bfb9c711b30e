// The pcapng format (draft-ietf-opsawg-pcapng): a sequence of blocks, each
// type · total length · body · total length (§3.1). A Section Header Block starts each section
// and fixes its byte order (§4.1); interfaces are numbered per section (§4.2). Packets come in
// Enhanced Packet Blocks (§4.3), Simple Packet Blocks (§4.4, interface 0, no timestamp) and the
// obsolete Packet Block (Appendix A); every other block is skipped by its length.
import { readU16, readU32 } from './byte-order';
import type { ImportCollector } from './import-collector';
import { linkTypeName } from './link-layer';
import type { PacketDecoder } from './packet-decoder';
import { readInterface, type PcapngInterface } from './pcapng-interface';
import { ticksToMicros } from './timestamp';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const PB = 0x00000002;
const SPB = 0x00000003;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export interface Section {
  readonly le: boolean;
  readonly interfaces: PcapngInterface[];
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** What carries over from one block to the next: the current section (byte order, interfaces). */
export interface PcapngState {
  section?: Section;
}

// A live stream waits for a block's end; a block longer than this is damage, not a slow writer.
const MAX_STREAM_BLOCK = 16 * 1024 * 1024;

export function readPcapng(file: Buffer, decoder: PacketDecoder, out: ImportCollector): void {
  readPcapngBlocks(file, 0, {}, decoder, out, true);
}

/**
 * Reads the blocks in `file[from…]` and returns the offset after the last whole one. With `final`
 * false (a live stream, pcap-stream.ts), a block cut by the end of the bytes is left for the next
 * call; with `final` true it is reported as where reading stopped. `base` is the stream offset of
 * `file[0]`, for the reports. Damage stops reading: out.stoppedAt is then set.
 */
export function readPcapngBlocks(
  file: Buffer,
  from: number,
  state: PcapngState,
  decoder: PacketDecoder,
  out: ImportCollector,
  final: boolean,
  base = 0,
): number {
  let offset = from;
  const stop = (packet: number, reason: string): number => {
    out.stop(packet, base + offset, reason);
    return offset;
  };
  while (offset < file.length) {
    const packet = out.packets + 1;
    const left = file.length - offset;
    if (left < 12) {
      return final ? stop(packet, `file ends inside a block header (${left} bytes left)`) : offset;
    }
    // The SHB's type reads the same in both byte orders; its byte-order magic decides.
    const rawType = file.readUInt32LE(offset);
    if (rawType === SHB) {
      if (left < 28) return final ? stop(packet, 'file ends inside a section header block') : offset;
      const magic = file.readUInt32LE(offset + 8);
      if (magic !== BYTE_ORDER_MAGIC && magic !== 0x4d3c2b1a) {
        return stop(packet, `bad byte-order magic ${hex(file.readUInt32BE(offset + 8))} in section header`);
      }
      state.section = { le: magic === BYTE_ORDER_MAGIC, interfaces: [] };
    }
    const section = state.section;
    if (!section) return stop(packet, 'no section header block before the first block');
    const le = section.le;
    const type = le ? rawType : file.readUInt32BE(offset);
    const length = readU32(file, offset + 4, le);
    if (length < 12 || length % 4 !== 0) {
      return stop(packet, `bad block length ${length} (block type ${hex(type)})`);
    }
    if (length > left) {
      if (!final && length <= MAX_STREAM_BLOCK) return offset;
      return stop(
        packet,
        final
          ? `block of ${length} bytes (type ${hex(type)}) runs past the end of the file (${left} bytes left): ` +
              'file truncated or block length damaged'
          : `bad block length ${length} (block type ${hex(type)}): larger than any capture writes`,
      );
    }
    const trailer = readU32(file, offset + length - 4, le);
    if (trailer !== length) {
      return stop(packet, `bad block length: block starts with ${length}, ends with ${trailer}`);
    }
    const body = offset + 8;
    const bodyEnd = offset + length - 4;
    if (type === SHB) {
      const major = readU16(file, body + 4, le);
      if (major !== 1) return stop(packet, `unsupported pcapng version ${major} in section header`);
    } else if (type === IDB) {
      if (bodyEnd - body < 8) return stop(packet, 'interface description block too short');
      const iface = readInterface(file, body, bodyEnd, le);
      section.interfaces.push(iface);
      out.linkType(linkTypeName(iface.linkType));
    } else if (type === EPB || type === PB || type === SPB) {
      out.packets = packet;
      packetBlock(file, type, body, bodyEnd, section, packet, decoder, out);
    }
    offset += length;
  }
  return offset;
}

function packetBlock(
  file: Buffer,
  type: number,
  body: number,
  bodyEnd: number,
  section: Section,
  packet: number,
  decoder: PacketDecoder,
  out: ImportCollector,
): void {
  const le = section.le;
  if (type === SPB) {
    // §4.4: interface 0; captured length is what the block holds, at most the snaplen.
    const iface = section.interfaces[0];
    if (!iface || bodyEnd - body < 4) return out.skip('packet block for an undeclared interface');
    const origlen = readU32(file, body, le);
    let caplen = Math.min(origlen, bodyEnd - body - 4);
    if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
    const start = body + 4;
    return decoder.packet(iface.linkType, file, start, start + caplen, packet, undefined, caplen < origlen);
  }
  // EPB: interface id (32 bits); PB: interface id (16), drops count (16). Then the same fields.
  if (bodyEnd - body < 20) return out.skip('damaged packet block (too short)');
  const interfaceId = type === EPB ? readU32(file, body, le) : readU16(file, body, le);
  const iface = section.interfaces[interfaceId];
  if (!iface) return out.skip('packet block for an undeclared interface');
  const caplen = readU32(file, body + 12, le);
  const origlen = readU32(file, body + 16, le);
  const start = body + 20;
  if (start + caplen > bodyEnd) return out.skip('damaged packet block (captured length beyond the block)');
  const tsMicros =
    ticksToMicros(readU32(file, body + 4, le), readU32(file, body + 8, le), iface.resolution) +
    iface.offsetMicros;
  decoder.packet(iface.linkType, file, start, start + caplen, packet, tsMicros, caplen < origlen);
}
