// Reading file header fields in the byte order the file was written in.

export function readU16(file: Buffer, at: number, littleEndian: boolean): number {
  return littleEndian ? file.readUInt16LE(at) : file.readUInt16BE(at);
}

export function readU32(file: Buffer, at: number, littleEndian: boolean): number {
  return littleEndian ? file.readUInt32LE(at) : file.readUInt32BE(at);
}
