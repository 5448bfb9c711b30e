// Reads a customer's trace file: pcap or pcapng by their magic numbers, anything else as a text
// log. A damaged file yields what was readable and says where it stopped and why.
import { constants } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RtpStreamRecord } from '../../shared/media/rtp-stream';
import type { ImportedMessage } from '../import/imported-message';
import { readPcap } from '../import/pcap/read-pcap';
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
/** Larger captures are refused rather than read into memory whole. */
const MAX_CAPTURE_BYTES = 1024 * 1024 * 1024;
/**
 * A text log is read as one latin1 string (one character per byte), and V8 cannot make a string
 * longer than this (2^29 - 24 characters on 64-bit Node 20): a bigger file would fail deep inside
 * Buffer#toString with "Cannot create a string longer than…".
 */
const MAX_TEXT_BYTES = Math.min(constants.MAX_STRING_LENGTH, MAX_CAPTURE_BYTES);

export function loadTraceFile(file: string): LoadedTrace {
  const bytes = readWhole(file);
  if (bytes.length === 0) throw new TraceFileError(`${file} is empty`);
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (isCaptureMagic(magic)) {
    const r = readPcap(bytes);
    return {
      file,
      format: `${r.format} (${r.linkTypes.join(', ') || 'no interfaces'}), ${r.packets} packets`,
      messages: r.messages,
      rtpStreams: r.rtpStreams,
      stopped: r.stoppedAt
        ? `stopped at packet ${r.stoppedAt.packet} (byte ${r.stoppedAt.offset}): ${r.stoppedAt.reason}`
        : undefined,
      // readPcap repeats its stop reason among the warnings; it is shown once, as `stopped`.
      warnings: [
        ...r.warnings.filter((w) => !r.stoppedAt || !w.includes(r.stoppedAt.reason)),
        ...r.skipped.map((s) => `${s.count} packet(s) skipped: ${s.reason}`),
      ],
    };
  }
  const r = readTextTrace(bytes.toString('latin1'), { fileName: path.basename(file) });
  return {
    file,
    format: r.format,
    messages: r.messages,
    stopped: r.stoppedAt ? `stopped at line ${r.stoppedAt.line}: ${r.stoppedAt.reason}` : undefined,
    warnings: r.warnings,
    facts: textImportFacts(r),
  };
}

/**
 * The whole file, or a TraceFileError in one line: missing, a folder, not a regular file (a FIFO
 * would block the open forever, a device never ends), unreadable, or too big to read whole.
 */
function readWhole(file: string): Buffer {
  let fd: number | undefined;
  try {
    const before = statSync(file);
    if (before.isDirectory()) throw unreadable(file, 'it is a folder');
    if (!before.isFile()) throw unreadable(file, 'not a regular file');
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw unreadable(file, stat.isDirectory() ? 'it is a folder' : 'not a regular file');
    const head = Buffer.alloc(4);
    const headLength = readSync(fd, head, 0, 4, 0);
    const isCapture = headLength === 4 && isCaptureMagic(head.readUInt32BE(0));
    refuseTooBig(file, stat.size, isCapture);
    // Read what the size said: a log still being written gets its first stat.size bytes.
    const bytes = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } catch (err) {
    if (err instanceof TraceFileError) throw err;
    throw unreadable(file, reasonOf(err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isCaptureMagic(magic: number): boolean {
  return PCAP_MAGICS.has(magic) || magic === PCAPNG_MAGIC;
}

function refuseTooBig(file: string, size: number, isCapture: boolean): void {
  if (isCapture && size > MAX_CAPTURE_BYTES) {
    throw new TraceFileError(
      `${file} is ${sizeText(size)}: captures over ${sizeText(MAX_CAPTURE_BYTES)} are not read whole; split it (editcap -c 100000 ${path.basename(file)} part.pcapng) and analyse the parts`,
    );
  }
  if (!isCapture && size > MAX_TEXT_BYTES) {
    throw new TraceFileError(
      `${file} is ${sizeText(size)}: text logs over ${Math.floor(MAX_TEXT_BYTES / MiB)} MiB are not read whole; split it (split -l 1000000 ${path.basename(file)} part-) or keep only the SIP part, and analyse the parts`,
    );
  }
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
