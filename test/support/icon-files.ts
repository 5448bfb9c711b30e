// Reads the headers of icon files as the platforms do, to check what was rendered: a PNG's IHDR,
// an ICO's image directory, an ICNS's element list.

export interface Size {
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR (the first chunk, right after the 8-byte signature). */
export function pngSize(png: Buffer): Size {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  if (png.toString('ascii', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface IcoEntry extends Size {
  /** The image as stored: a PNG (checked against the directory's size) or a BMP. */
  readonly data: Buffer;
}

/** The images of an .ico: 6-byte header (0, type 1, count), 16-byte entries (0 means 256 px). */
export function icoEntries(ico: Buffer): IcoEntry[] {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an ICO');
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const size = ico.readUInt32LE(at + 8);
    const offset = ico.readUInt32LE(at + 12);
    if (offset + size > ico.length) throw new Error(`ICO entry ${i} runs past the end of the file`);
    return {
      width: ico.readUInt8(at) || 256,
      height: ico.readUInt8(at + 1) || 256,
      data: ico.subarray(offset, offset + size),
    };
  });
}

export interface IcnsElement {
  readonly type: string;
  readonly data: Buffer;
}

/** The elements of an .icns: 'icns' + big-endian total length, then type + length (incl. 8) + data. */
export function icnsElements(icns: Buffer): IcnsElement[] {
  if (icns.toString('ascii', 0, 4) !== 'icns') throw new Error('not an ICNS');
  if (icns.readUInt32BE(4) !== icns.length) throw new Error('ICNS length does not match the file');
  const elements: IcnsElement[] = [];
  for (let at = 8; at < icns.length;) {
    const length = icns.readUInt32BE(at + 4);
    if (length < 8 || at + length > icns.length) throw new Error(`ICNS element at ${at} is damaged`);
    elements.push({ type: icns.toString('ascii', at, at + 4), data: icns.subarray(at + 8, at + length) });
    at += length;
  }
  return elements;
}
