// Issue 16's speed target for captures: `sipkit analyze` (the CLI bundled as `npm ci` bundles it,
// under /usr/bin/time -v) on a ~1 GB pcap, which it streams (4 MiB at a time through
// PcapStreamReader, never loaded whole) to findings, stored as a run as by default; compared with
// `tshark -Y sip` reading the same file in the same run. The file repeats the frames of a real
// SIPp call with RTP (test/fixtures/pcap/sipp-udp-rtp.pcap, 7 SIP + 166 RTP frames), each copy a
// new call (its own Call-ID) 3 s after the last: 97% RTP, as a field capture is. Written to a
// temporary folder and deleted after. Numbers, not assertions. Alone: `npx tsx
// bench/large-pcap.bench.ts` (BENCH_PCAP_MB=200 for a smaller file).
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledCli, has, line, timed } from './text-log.bench';

const HERE = fileURLToPath(import.meta.url);
const SOURCE = path.join(path.dirname(HERE), '../test/fixtures/pcap/sipp-udp-rtp.pcap');
const TARGET_BYTES = Number(process.env.BENCH_PCAP_MB ?? 1000) * 1e6;
const CHUNK = 4 * 1024 * 1024;
const CALL_GAP_MICROS = 3_000_000;

/** Writes the big capture; returns its size and the number of calls in it. */
function writeCapture(file: string): { bytes: number; calls: number } {
  const src = readFileSync(SOURCE);
  const header = src.subarray(0, 24);
  const records: { ts: number; record: Buffer; callIdAt: number[] }[] = [];
  for (let at = 24; at + 16 <= src.length;) {
    const caplen = src.readUInt32LE(at + 8);
    const record = Buffer.from(src.subarray(at, at + 16 + caplen));
    const ts = record.readUInt32LE(0) * 1e6 + record.readUInt32LE(4);
    // "Call-ID: 1-2499@127.0.0.1": the 6 characters before "@" become each copy's own id.
    const callIdAt: number[] = [];
    for (let i = record.indexOf('Call-ID: '); i >= 0; i = record.indexOf('Call-ID: ', i + 1))
      callIdAt.push(i + 9);
    records.push({ ts, record, callIdAt });
    at += 16 + caplen;
  }
  const first = records[0]!.ts;
  const fd = openSync(file, 'w');
  let bytes = writeSync(fd, header);
  let calls = 0;
  const batch: Buffer[] = [];
  let batchBytes = 0;
  while (bytes < TARGET_BYTES) {
    const id = calls.toString(36).padStart(6, '0');
    for (const r of records) {
      const copy = Buffer.from(r.record);
      const ts = r.ts - first + 1_700_000_000_000_000 + calls * CALL_GAP_MICROS;
      copy.writeUInt32LE(Math.floor(ts / 1e6), 0);
      copy.writeUInt32LE(ts % 1e6, 4);
      for (const at of r.callIdAt) copy.write(id, at, 'latin1');
      batch.push(copy);
      batchBytes += copy.length;
    }
    calls++;
    if (batchBytes >= CHUNK) {
      bytes += writeSync(fd, Buffer.concat(batch, batchBytes));
      batch.length = 0;
      batchBytes = 0;
    }
  }
  if (batchBytes > 0) bytes += writeSync(fd, Buffer.concat(batch, batchBytes));
  closeSync(fd);
  return { bytes, calls };
}

export async function benchLargePcap(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-pcap-'));
  try {
    const file = path.join(dir, 'large.pcap');
    const { bytes, calls } = writeCapture(file);
    const bundle = await bundledCli();
    const bin = bundle?.entry ?? path.join(path.dirname(HERE), '..', 'bin', 'sipkit.mjs');
    // A store of its own, so the bench neither reads nor fills the user's.
    const env = { ...process.env, SIPKIT_DATA_DIR: path.join(dir, 'data') };
    const ours = timed(process.execPath, [bin, 'analyze', file, '--profile', 'generic', '--json'], env);
    if (bundle !== undefined) rmSync(bundle.dir, { recursive: true, force: true });
    if (ours.status !== 0 && ours.status !== 1)
      console.log(`large pcap: sipkit analyze exited ${ours.status}: ${ours.tail}`);
    const sip = /"messages":(\d+)/.exec(ours.tail)?.[1] ?? '?';
    const findings = /"findings":(\d+)/.exec(ours.tail)?.[1] ?? '?';
    const mb = (bytes / 1e6).toFixed(0);
    line(
      `sipkit analyze, ${mb} MB pcap (streamed)`,
      ours,
      `  (${calls.toLocaleString('en')} calls, ${sip} SIP read, ${findings} findings)`,
    );
    // Ours are printed first: a slow tshark must not hide them.
    if (!has('tshark', ['--version'])) {
      console.log('tshark is not installed: no yardstick');
      return;
    }
    const tshark = timed('tshark', ['-r', file, '-Y', 'sip']);
    line(`yardstick: tshark -Y sip, same ${mb} MB`, tshark);
    console.log(
      `${''.padEnd(44)} sipkit is ${(tshark.seconds / ours.seconds).toFixed(1)}x tshark's speed (wall), ${(tshark.cpuSeconds / ours.cpuSeconds).toFixed(1)}x (CPU)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === HERE) await benchLargePcap();
