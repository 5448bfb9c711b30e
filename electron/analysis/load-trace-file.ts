// Reads a customer's trace file: pcap or pcapng by their magic numbers, anything else as a text
// log. A damaged file yields what was readable and says where it stopped and why.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ImportedMessage } from '../import/imported-message';
import { readPcap } from '../import/pcap/read-pcap';
import { readTextTrace } from '../import/text-trace';

export interface LoadedTrace {
  readonly file: string;
  readonly format: string;
  readonly messages: readonly ImportedMessage[];
  /** Where reading stopped early, in words. */
  readonly stopped?: string;
  readonly warnings: readonly string[];
}

export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

// Classic pcap (µs and ns, both byte orders) and the old "modified" variant.
const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0xa1b2cd34, 0x34cdb2a1]);
const PCAPNG_MAGIC = 0x0a0d0d0a;
/** Larger files are refused rather than read into memory whole. */
const MAX_BYTES = 1024 * 1024 * 1024;

export function loadTraceFile(file: string): LoadedTrace {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES)
      throw new TraceFileError(
        `${file} is ${(size / 2 ** 30).toFixed(1)} GiB: split it (editcap -c) and analyse the parts`,
      );
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof TraceFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new TraceFileError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? (err as Error).message)}`,
    );
  }
  if (bytes.length === 0) throw new TraceFileError(`${file} is empty`);
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (PCAP_MAGICS.has(magic) || magic === PCAPNG_MAGIC) {
    const r = readPcap(bytes);
    return {
      file,
      format: `${r.format} (${r.linkTypes.join(', ') || 'no interfaces'}), ${r.packets} packets`,
      messages: r.messages,
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
  };
}
