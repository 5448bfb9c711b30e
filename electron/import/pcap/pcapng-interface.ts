// An Interface Description Block (draft-ietf-opsawg-pcapng §4.2): link type, snaplen and the
// two options that change how packet timestamps read, if_tsresol (code 9) and if_tsoffset
// (code 14, signed seconds added to every timestamp).
import { readU16, readU32 } from './byte-order';
import { MICROSECONDS, resolutionFromTsresol, type TimestampResolution } from './timestamp';

export interface PcapngInterface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly resolution: TimestampResolution;
  readonly offsetMicros: number;
}

const OPT_ENDOFOPT = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

/** Reads the IDB whose body is `file[start, end)`; `le` is the section's byte order. */
export function readInterface(file: Buffer, start: number, end: number, le: boolean): PcapngInterface {
  const linkType = readU16(file, start, le);
  const snaplen = readU32(file, start + 4, le);
  let resolution = MICROSECONDS;
  let offsetMicros = 0;
  // Options (§3.5): code, length, value padded to 32 bits. Damaged options end the list; the
  // interface itself stays usable with the defaults.
  let at = start + 8;
  while (at + 4 <= end) {
    const code = readU16(file, at, le);
    const length = readU16(file, at + 2, le);
    const value = at + 4;
    if (code === OPT_ENDOFOPT || value + length > end) break;
    if (code === IF_TSRESOL && length >= 1) resolution = resolutionFromTsresol(file[value] ?? 6);
    if (code === IF_TSOFFSET && length >= 8) {
      const seconds = le ? file.readBigInt64LE(value) : file.readBigInt64BE(value);
      offsetMicros = Number(seconds) * 1_000_000;
    }
    at = value + ((length + 3) & ~3);
  }
  return { linkType, snaplen, resolution, offsetMicros };
}
