// The pcap format (draft-ietf-opsawg-pcap §4, §5): a 24-byte file header, then records of a
// 16-byte header (seconds, micro- or nanoseconds, captured length, original length) and the
// captured bytes. Byte order and time unit come from the magic number. Also reads the
// "modified" pcap of some old Linux tools (magic 0xA1B2CD34), whose record headers carry 8
// more bytes (interface index, protocol, packet type).
import { readU32 } from './byte-order';
import type { ImportCollector } from './import-collector';
import { linkTypeName } from './link-layer';
import type { PacketDecoder } from './packet-decoder';

const FILE_HEADER = 24;
// libpcap's MAXIMUM_SNAPLEN; larger captured lengths come from damaged records, unless the file
// header announces a larger snaplen.
const MAX_CAPLEN = 262144;

export interface ClassicPcapFlavour {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
  readonly modified: boolean;
}

export function readClassicPcap(
  file: Buffer,
  flavour: ClassicPcapFlavour,
  decoder: PacketDecoder,
  out: ImportCollector,
): void {
  const le = flavour.littleEndian;
  if (file.length < FILE_HEADER) {
    out.stop(1, 0, `file ends inside the pcap file header (${file.length} of ${FILE_HEADER} bytes)`);
    return;
  }
  const snaplen = readU32(file, 16, le);
  // The low 16 bits are the LinkType; the top bits may say an FCS follows each frame (§4),
  // which needs no handling here: IP lengths bound what is read.
  const linkType = readU32(file, 20, le) & 0xffff;
  out.linkType(linkTypeName(linkType));
  const recordHeader = flavour.modified ? 24 : 16;
  const maxCaplen = Math.max(MAX_CAPLEN, snaplen < 0x1000_0000 ? snaplen : 0);
  let offset = FILE_HEADER;
  while (offset < file.length) {
    const packet = out.packets + 1;
    if (file.length - offset < recordHeader) {
      out.stop(packet, offset, `file ends inside the header of packet ${packet}`);
      return;
    }
    const seconds = readU32(file, offset, le);
    const fraction = readU32(file, offset + 4, le);
    const caplen = readU32(file, offset + 8, le);
    const origlen = readU32(file, offset + 12, le);
    if (caplen > maxCaplen) {
      out.stop(packet, offset, `bad record: packet ${packet} claims ${caplen} captured bytes`);
      return;
    }
    if (caplen === 0 && origlen === 0) {
      out.stop(packet, offset, `bad record: packet ${packet} is empty (zero padding or damage)`);
      return;
    }
    const dataStart = offset + recordHeader;
    if (dataStart + caplen > file.length) {
      out.stop(
        packet,
        offset,
        `file ends inside packet ${packet} (${file.length - dataStart} of ${caplen} bytes)`,
      );
      return;
    }
    out.packets = packet;
    const tsMicros = seconds * 1_000_000 + (flavour.nanoseconds ? Math.floor(fraction / 1000) : fraction);
    decoder.packet(linkType, file, dataStart, dataStart + caplen, packet, tsMicros, caplen < origlen);
    offset = dataStart + caplen;
  }
}
