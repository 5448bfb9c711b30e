// tshark as the oracle for counts: how many frames of a capture a display filter matches.
import { execFileSync } from 'node:child_process';
import { requireBinary } from './binaries';

/** Frames of `file` that tshark's display `filter` matches (e.g. "sip", "udp && !sip"). */
export function tsharkFrames(file: string, filter: string): number {
  const out = execFileSync(
    requireBinary('tshark', 'tshark'),
    ['-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter((l) => l.trim() !== '').length;
}
