// Reads every SIP message out of a pcap or pcapng capture, in one pass over the bytes, without
// a native capture library. Damaged files give what was readable plus where and why reading
// stopped; nothing in a file makes this throw.
import { ImportCollector } from './import-collector';
import { readClassicPcap, type ClassicPcapFlavour } from './classic-pcap';
import { PacketDecoder } from './packet-decoder';
import type { PcapImport, PcapImportOptions } from './pcap-import';
import { readPcapng } from './pcapng';

export type { PcapImport, PcapImportOptions, SkippedCount, StoppedAt } from './pcap-import';

// Magic numbers as the first four bytes read little-endian (draft-ietf-opsawg-pcap §4,
// draft-ietf-opsawg-pcapng §4.1).
const CLASSIC: ReadonlyMap<number, ClassicPcapFlavour> = new Map([
  [0xa1b2c3d4, { littleEndian: true, nanoseconds: false, modified: false }],
  [0xd4c3b2a1, { littleEndian: false, nanoseconds: false, modified: false }],
  [0xa1b23c4d, { littleEndian: true, nanoseconds: true, modified: false }],
  [0x4d3cb2a1, { littleEndian: false, nanoseconds: true, modified: false }],
  [0xa1b2cd34, { littleEndian: true, nanoseconds: false, modified: true }],
  [0x34cdb2a1, { littleEndian: false, nanoseconds: false, modified: true }],
]);
export const PCAPNG_MAGIC = 0x0a0d0d0a;

/** The classic pcap flavour a file's first four bytes (read little-endian) announce, if any. */
export function captureFlavour(magic: number): ClassicPcapFlavour | undefined {
  return CLASSIC.get(magic);
}

function notACapture(reason: string): PcapImport {
  return {
    messages: [],
    format: 'unknown',
    linkTypes: [],
    packets: 0,
    skipped: [],
    stoppedAt: { packet: 1, offset: 0, reason },
    warnings: [reason],
  };
}

export function readPcap(bytes: Uint8Array, opts: PcapImportOptions = {}): PcapImport {
  // A view, not a copy: Buffer gives native latin1 decoding and searching over the same memory.
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length === 0) return notACapture('empty file (0 bytes)');
  if (file.length < 4)
    return notACapture(`file too short to be a pcap or pcapng file (${file.length} bytes)`);
  const magic = file.readUInt32LE(0);
  const out = new ImportCollector();
  const decoder = new PacketDecoder(out, opts);
  const classic = CLASSIC.get(magic);
  if (classic) {
    readClassicPcap(file, classic, decoder, out);
    decoder.finish();
    return out.result('pcap');
  }
  if (magic === PCAPNG_MAGIC) {
    readPcapng(file, decoder, out);
    decoder.finish();
    return out.result('pcapng');
  }
  return notACapture(`not a pcap or pcapng file (magic 0x${file.toString('hex', 0, 4)})`);
}
