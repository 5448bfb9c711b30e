// Writes pcap and pcapng files for the importer's tests (draft-ietf-opsawg-pcap,
// draft-ietf-opsawg-pcapng), in either byte order, so byte-order and block handling can be
// tested without a capture tool that writes big-endian files.

export interface Frame {
  readonly data: Uint8Array;
  /** Microseconds since the epoch (default 0). */
  readonly tsMicros?: number;
  /** Length on the wire when larger than data (snaplen-cut packets). */
  readonly origLen?: number;
}

export interface PcapOptions {
  readonly linkType: number;
  readonly bigEndian?: boolean;
  readonly nanoseconds?: boolean;
  readonly snaplen?: number;
  /** The Kuznetsov "modified" pcap with 24-byte record headers. */
  readonly modified?: boolean;
}

class Writer {
  private readonly parts: Buffer[] = [];
  constructor(private readonly bigEndian: boolean) {}

  u8(value: number): this {
    this.parts.push(Buffer.from([value & 0xff]));
    return this;
  }

  u16(value: number): this {
    const b = Buffer.alloc(2);
    if (this.bigEndian) b.writeUInt16BE(value);
    else b.writeUInt16LE(value);
    this.parts.push(b);
    return this;
  }

  u32(value: number): this {
    const b = Buffer.alloc(4);
    if (this.bigEndian) b.writeUInt32BE(value >>> 0);
    else b.writeUInt32LE(value >>> 0);
    this.parts.push(b);
    return this;
  }

  i64(value: bigint): this {
    const b = Buffer.alloc(8);
    if (this.bigEndian) b.writeBigInt64BE(value);
    else b.writeBigInt64LE(value);
    this.parts.push(b);
    return this;
  }

  bytes(data: Uint8Array): this {
    this.parts.push(Buffer.from(data));
    return this;
  }

  pad4(): this {
    const length = this.length();
    if (length % 4 !== 0) this.parts.push(Buffer.alloc(4 - (length % 4)));
    return this;
  }

  length(): number {
    return this.parts.reduce((n, p) => n + p.length, 0);
  }

  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export function writePcap(frames: readonly Frame[], opts: PcapOptions): Buffer {
  const w = new Writer(opts.bigEndian ?? false);
  w.u32(opts.modified ? 0xa1b2cd34 : opts.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(opts.snaplen ?? 262144)
    .u32(opts.linkType);
  for (const frame of frames) {
    const ts = frame.tsMicros ?? 0;
    const seconds = Math.floor(ts / 1e6);
    const micros = ts - seconds * 1e6;
    w.u32(seconds)
      .u32(opts.nanoseconds ? micros * 1000 : micros)
      .u32(frame.data.length)
      .u32(frame.origLen ?? frame.data.length);
    if (opts.modified) w.u32(1).u16(0x0800).u8(0).u8(0);
    w.bytes(frame.data);
  }
  return w.done();
}

export interface PcapngInterfaceSpec {
  readonly linkType: number;
  readonly snaplen?: number;
  /** if_tsresol byte (default: option absent, i.e. microseconds). */
  readonly tsresol?: number;
  /** if_tsoffset seconds. */
  readonly tsoffset?: bigint;
}

export type PcapngBlockSpec =
  | { readonly kind: 'epb'; readonly interfaceId?: number; readonly frame: Frame; readonly ticks?: bigint }
  | { readonly kind: 'pb'; readonly interfaceId?: number; readonly frame: Frame; readonly ticks?: bigint }
  | { readonly kind: 'spb'; readonly data: Uint8Array; readonly origLen?: number }
  | { readonly kind: 'raw'; readonly type: number; readonly body: Uint8Array };

export interface PcapngSectionSpec {
  readonly bigEndian?: boolean;
  readonly interfaces: readonly PcapngInterfaceSpec[];
  readonly blocks: readonly PcapngBlockSpec[];
}

function block(bigEndian: boolean, type: number, body: Buffer): Buffer {
  const w = new Writer(bigEndian);
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  w.u32(type)
    .u32(12 + padded.length)
    .bytes(padded)
    .u32(12 + padded.length);
  return w.done();
}

/** Ticks of an interface's resolution for a microsecond timestamp. */
export function ticksFor(tsMicros: number, tsresol: number | undefined): bigint {
  const micros = BigInt(tsMicros);
  if (tsresol === undefined) return micros;
  const exponent = BigInt(tsresol & 0x7f);
  const perSecond = tsresol & 0x80 ? 1n << exponent : 10n ** exponent;
  return (micros * perSecond) / 1_000_000n;
}

export function sectionHeader(bigEndian: boolean): Buffer {
  const w = new Writer(bigEndian);
  w.u32(0x1a2b3c4d).u16(1).u16(0).i64(-1n).u16(0).u16(0);
  return block(bigEndian, 0x0a0d0d0a, w.done());
}

export function writePcapng(sections: readonly PcapngSectionSpec[]): Buffer {
  const parts: Buffer[] = [];
  for (const section of sections) {
    const be = section.bigEndian ?? false;
    parts.push(sectionHeader(be));
    for (const iface of section.interfaces) {
      const w = new Writer(be);
      w.u16(iface.linkType)
        .u16(0)
        .u32(iface.snaplen ?? 0);
      if (iface.tsresol !== undefined) w.u16(9).u16(1).u8(iface.tsresol).pad4();
      if (iface.tsoffset !== undefined) w.u16(14).u16(8).i64(iface.tsoffset);
      w.u16(0).u16(0);
      parts.push(block(be, 1, w.done()));
    }
    for (const spec of section.blocks) {
      const w = new Writer(be);
      if (spec.kind === 'raw') {
        parts.push(block(be, spec.type, Buffer.from(spec.body)));
        continue;
      }
      if (spec.kind === 'spb') {
        w.u32(spec.origLen ?? spec.data.length).bytes(spec.data);
        parts.push(block(be, 3, w.done()));
        continue;
      }
      const id = spec.interfaceId ?? 0;
      const ticks = spec.ticks ?? ticksFor(spec.frame.tsMicros ?? 0, section.interfaces[id]?.tsresol);
      if (spec.kind === 'epb') w.u32(id);
      else w.u16(id).u16(0);
      w.u32(Number(ticks >> 32n))
        .u32(Number(ticks & 0xffffffffn))
        .u32(spec.frame.data.length)
        .u32(spec.frame.origLen ?? spec.frame.data.length)
        .bytes(spec.frame.data);
      parts.push(block(be, spec.kind === 'epb' ? 6 : 2, w.done()));
    }
  }
  return Buffer.concat(parts);
}

/** Frames of a little-endian microsecond or nanosecond pcap (what `editcap -F pcap` writes). */
export function readPcapFrames(file: Buffer): { linkType: number; frames: Frame[] } {
  const magic = file.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error('readPcapFrames: not a LE pcap');
  const nanos = magic === 0xa1b23c4d;
  const frames: Frame[] = [];
  let at = 24;
  while (at + 16 <= file.length) {
    const caplen = file.readUInt32LE(at + 8);
    const fraction = file.readUInt32LE(at + 4);
    frames.push({
      tsMicros: file.readUInt32LE(at) * 1e6 + (nanos ? Math.floor(fraction / 1000) : fraction),
      origLen: file.readUInt32LE(at + 12),
      data: file.subarray(at + 16, at + 16 + caplen),
    });
    at += 16 + caplen;
  }
  return { linkType: file.readUInt32LE(20) & 0xffff, frames };
}
