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

/**
 * The UDP flows of the frames `filter` matches, "address:port" each way with their frame counts,
 * sorted by source then destination: what a test compares its own per-flow counts with.
 */
export function tsharkUdpFlows(
  file: string,
  filter: string,
): { readonly src: string; readonly dst: string; readonly count: number }[] {
  const out = execFileSync(
    requireBinary('tshark', 'tshark'),
    [
      '-r',
      file,
      '-Y',
      filter,
      '-T',
      'fields',
      '-e',
      'ip.src',
      '-e',
      'udp.srcport',
      '-e',
      'ip.dst',
      '-e',
      'udp.dstport',
    ],
    { encoding: 'utf8' },
  );
  const counts = new Map<string, number>();
  for (const line of out.split('\n')) {
    const [src, srcPort, dst, dstPort] = line.split('\t');
    if (!src || !dst) continue;
    const key = `${src}:${srcPort}\u0000${dst}:${dstPort}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => {
      const [src = '', dst = ''] = key.split('\u0000');
      return { src, dst, count };
    })
    .sort((a, b) => (a.src === b.src ? a.dst.localeCompare(b.dst) : a.src.localeCompare(b.src)));
}
