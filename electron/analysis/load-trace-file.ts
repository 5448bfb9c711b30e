// Reads a customer's trace file: pcap or pcapng by their magic numbers, anything else as a text
// log. A damaged file yields what was readable and says where it stopped and why. A capture is
// streamed through the live reader (pcap-stream.ts) a few MiB at a time, never held whole: a
// field capture of gigabytes is mostly RTP, of which only counters are kept.
import { constants } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RtpStreamRecord } from '../../shared/media/rtp-stream';
import type { ImportedMessage } from '../import/imported-message';
import { PcapStreamReader } from '../import/pcap/pcap-stream';
import { readTextTrace } from '../import/text-trace';
import { textImportFacts, type ImportFacts } from './import-facts';

export interface LoadedTrace {
  readonly file: string;
  readonly format: string;
  readonly messages: readonly ImportedMessage[];
  /** The RTP streams of a pcap/pcapng (possibly none); undefined for a text log, which cannot hold RTP. */
  readonly rtpStreams?: readonly RtpStreamRecord[];
  /** Where reading stopped early, in words. */
  readonly stopped?: string;
  readonly warnings: readonly string[];
  /** Facts a PBX's own log gives (text-trace.ts): its address, and whether times are unknown. */
  readonly facts?: ImportFacts;
}

export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

// Classic pcap (µs and ns, both byte orders) and the old "modified" variant.
const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0xa1b2cd34, 0x34cdb2a1]);
const PCAPNG_MAGIC = 0x0a0d0d0a;
/**
 * A text log is read as one latin1 string (one character per byte), and V8 cannot make a string
 * longer than this (2^29 - 24 characters on 64-bit Node 20): a bigger file would fail deep inside
 * Buffer#toString with "Cannot create a string longer than…".
 */
const MAX_TEXT_BYTES = constants.MAX_STRING_LENGTH;
/** Bytes of a capture read at a time: large enough that a read costs nothing next to the decoding. */
const CAPTURE_CHUNK = 4 * 2 ** 20;

export function loadTraceFile(file: string): LoadedTrace {
  return withOpenFile(file, (fd, size, isCapture) => {
    if (isCapture) return streamCapture(file, fd, size);
    if (size > MAX_TEXT_BYTES) throw tooBigText(file, size);
    const bytes = readAll(fd, size);
    const r = readTextTrace(bytes.toString('latin1'), {
      fileName: path.basename(file),
      // The log was written before its file last changed: that dates a log whose stamps have no year.
      notAfter: { ms: fstatSync(fd).mtimeMs, what: 'the file was last changed' },
    });
    return {
      file,
      format: r.format,
      messages: r.messages,
      stopped: r.stoppedAt ? `stopped at line ${r.stoppedAt.line}: ${r.stoppedAt.reason}` : undefined,
      warnings: r.warnings,
      facts: textImportFacts(r),
    };
  });
}

/** A pcap or pcapng file through the streaming reader: what readPcap gives, in bounded memory. */
function streamCapture(file: string, fd: number, size: number): LoadedTrace {
  const found: ImportedMessage[] = [];
  const reader = new PcapStreamReader((m) => found.push(m));
  // Read what the size said (a capture still being written gets its first stat.size bytes), and
  // no further once damage has stopped the reader.
  for (let offset = 0; offset < size && reader.stopped === undefined;) {
    // A buffer per chunk: the reader may keep views of a record the chunk's end cut.
    const chunk = Buffer.allocUnsafe(Math.min(CAPTURE_CHUNK, size - offset));
    const n = readInto(fd, chunk, offset);
    if (n === 0) break;
    reader.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    offset += n;
  }
  const r = reader.end();
  // In packet order as readPcap sorts them (stable: one TCP segment's messages keep stream order).
  const messages = found.sort((a, b) => a.sourceLine - b.sourceLine);
  return {
    file,
    format: `${r.format} (${r.linkTypes.join(', ') || 'no interfaces'}), ${r.packets} packets`,
    messages,
    rtpStreams: r.rtpStreams,
    stopped: r.stoppedAt
      ? `stopped at packet ${r.stoppedAt.packet} (byte ${r.stoppedAt.offset}): ${r.stoppedAt.reason}`
      : undefined,
    // The reader repeats its stop reason among the warnings; it is shown once, as `stopped`.
    warnings: [
      ...r.warnings.filter((w) => !r.stoppedAt || !w.includes(r.stoppedAt.reason)),
      ...r.skipped.map((s) => `${s.count} packet(s) skipped: ${s.reason}`),
    ],
  };
}

/**
 * Opens the file for `read`, or throws a TraceFileError in one line: missing, empty, a folder, not
 * a regular file (a FIFO would block the open forever, a device never ends), unreadable.
 */
function withOpenFile(
  file: string,
  read: (fd: number, size: number, isCapture: boolean) => LoadedTrace,
): LoadedTrace {
  let fd: number | undefined;
  try {
    const before = statSync(file);
    if (before.isDirectory()) throw unreadable(file, 'it is a folder');
    if (!before.isFile()) throw unreadable(file, 'not a regular file');
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw unreadable(file, stat.isDirectory() ? 'it is a folder' : 'not a regular file');
    if (stat.size === 0) throw new TraceFileError(`${file} is empty`);
    const head = Buffer.alloc(4);
    const headLength = readInto(fd, head, 0);
    return read(fd, stat.size, headLength === 4 && isCaptureMagic(head.readUInt32BE(0)));
  } catch (err) {
    if (err instanceof TraceFileError) throw err;
    throw unreadable(file, reasonOf(err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The first `size` bytes (fewer if the file shrank meanwhile). */
function readAll(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  const n = readInto(fd, bytes, 0);
  return n === size ? bytes : bytes.subarray(0, n);
}

/** Fills `into` from the file at `position` as far as the file goes; returns the bytes read. */
function readInto(fd: number, into: Buffer, position: number): number {
  let filled = 0;
  while (filled < into.length) {
    const n = readSync(fd, into, filled, into.length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled;
}

function isCaptureMagic(magic: number): boolean {
  return PCAP_MAGICS.has(magic) || magic === PCAPNG_MAGIC;
}

function tooBigText(file: string, size: number): TraceFileError {
  return new TraceFileError(
    `${file} is ${sizeText(size)}: text logs over ${Math.floor(MAX_TEXT_BYTES / MiB)} MiB are not read whole; split it (split -l 1000000 ${path.basename(file)} part-) or keep only the SIP part, and analyse the parts`,
  );
}

const MiB = 2 ** 20;

function sizeText(bytes: number): string {
  return bytes >= 1024 * MiB
    ? `${(bytes / (1024 * MiB)).toFixed(1).replace(/\.0$/, '')} GiB`
    : `${Math.round(bytes / MiB)} MiB`;
}

function unreadable(file: string, why: string): TraceFileError {
  return new TraceFileError(`cannot read ${file}: ${why}`);
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case undefined:
      return err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    default:
      return code;
  }
}
