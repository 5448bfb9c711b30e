// The pcap format (draft-ietf-opsawg-pcap §4, §5): a 24-byte file header, then records of a
// 16-byte header (seconds, micro- or nanoseconds, captured length, original length) and the
// captured bytes. Byte order and time unit come from the magic number. Also reads the
// "modified" pcap of some old Linux tools (magic 0xA1B2CD34), whose record headers carry 8
// more bytes (interface index, protocol, packet type).
//
// Reading goes record by record from an offset, so the same code reads a whole file and a live
// stream (pcap-stream.ts) that hands over bytes as they arrive.
import { readU32 } from './byte-order';
import type { ImportCollector } from './import-collector';
import { linkTypeName } from './link-layer';
import type { PacketDecoder } from './packet-decoder';

export const CLASSIC_FILE_HEADER = 24;
// libpcap's MAXIMUM_SNAPLEN; larger captured lengths come from damaged records, unless the file
// header announces a larger snaplen.
const MAX_CAPLEN = 262144;

export interface ClassicPcapFlavour {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
  readonly modified: boolean;
}

/** What the file header says, for reading the records after it. */
export interface ClassicPcapHeader {
  readonly flavour: ClassicPcapFlavour;
  readonly linkType: number;
  readonly maxCaplen: number;
}

/** Reads the 24-byte file header (the caller checked there are 24 bytes). */
export function readClassicHeader(
  file: Buffer,
  flavour: ClassicPcapFlavour,
  out: ImportCollector,
): ClassicPcapHeader {
  const snaplen = readU32(file, 16, flavour.littleEndian);
  // The low 16 bits are the LinkType; the top bits may say an FCS follows each frame (§4),
  // which needs no handling here: IP lengths bound what is read.
  const linkType = readU32(file, 20, flavour.littleEndian) & 0xffff;
  out.linkType(linkTypeName(linkType));
  return { flavour, linkType, maxCaplen: Math.max(MAX_CAPLEN, snaplen < 0x1000_0000 ? snaplen : 0) };
}

/**
 * Reads the records in `file[from…]` and returns the offset after the last whole one. With
 * `final` false (a live stream), a record cut by the end of the bytes is left for the next call;
 * with `final` true it is reported as where reading stopped. `base` is the stream offset of
 * `file[0]`, for the reports. Damage stops reading: out.stoppedAt is then set.
 */
export function readClassicRecords(
  file: Buffer,
  from: number,
  header: ClassicPcapHeader,
  decoder: PacketDecoder,
  out: ImportCollector,
  final: boolean,
  base = 0,
): number {
  const { flavour, linkType, maxCaplen } = header;
  const le = flavour.littleEndian;
  const recordHeader = flavour.modified ? 24 : 16;
  let offset = from;
  while (offset < file.length) {
    const packet = out.packets + 1;
    if (file.length - offset < recordHeader) {
      if (final) out.stop(packet, base + offset, `file ends inside the header of packet ${packet}`);
      return offset;
    }
    const seconds = readU32(file, offset, le);
    const fraction = readU32(file, offset + 4, le);
    const caplen = readU32(file, offset + 8, le);
    const origlen = readU32(file, offset + 12, le);
    if (caplen > maxCaplen) {
      out.stop(packet, base + offset, `bad record: packet ${packet} claims ${caplen} captured bytes`);
      return offset;
    }
    if (caplen === 0 && origlen === 0) {
      out.stop(packet, base + offset, `bad record: packet ${packet} is empty (zero padding or damage)`);
      return offset;
    }
    const dataStart = offset + recordHeader;
    if (dataStart + caplen > file.length) {
      if (final)
        out.stop(
          packet,
          base + offset,
          `file ends inside packet ${packet} (${file.length - dataStart} of ${caplen} bytes)`,
        );
      return offset;
    }
    out.packets = packet;
    const tsMicros = seconds * 1_000_000 + (flavour.nanoseconds ? Math.floor(fraction / 1000) : fraction);
    decoder.packet(linkType, file, dataStart, dataStart + caplen, packet, tsMicros, caplen < origlen);
    offset = dataStart + caplen;
  }
  return offset;
}

export function readClassicPcap(
  file: Buffer,
  flavour: ClassicPcapFlavour,
  decoder: PacketDecoder,
  out: ImportCollector,
): void {
  if (file.length < CLASSIC_FILE_HEADER) {
    out.stop(1, 0, `file ends inside the pcap file header (${file.length} of ${CLASSIC_FILE_HEADER} bytes)`);
    return;
  }
  const header = readClassicHeader(file, flavour, out);
  readClassicRecords(file, CLASSIC_FILE_HEADER, header, decoder, out, true);
}
