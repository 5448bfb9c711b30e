// Issue 16's speed target for captures: a ~1 GB pcap is streamed (read in 4 MiB chunks through
// PcapStreamReader, never loaded whole) to findings, with peak RSS reported, and compared with
// `tshark -Y sip` reading the same file in the same run. The file repeats the frames of a real
// SIPp call with RTP (test/fixtures/pcap/sipp-udp-rtp.pcap, 7 SIP + 166 RTP frames), each copy a
// new call (its own Call-ID) 3 s after the last: 97% RTP, as a field capture is. Written to a
// temporary folder and deleted after. Numbers, not assertions.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { analyzeTrace } from '../shared/diagnostics/analyze';
import { findBuiltinProfile } from '../shared/profiles/builtin-profiles';
import { traceFromImported } from '../electron/analysis/to-trace';
import type { ImportedMessage } from '../electron/import/imported-message';
import { PcapStreamReader } from '../electron/import/pcap/pcap-stream';

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

/** CPU time of this process so far: on a shared, loaded machine a fairer yardstick than wall time. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** In a child process (its own peak RSS): stream the file to findings, print one JSON line. */
function child(file: string): void {
  const t0 = performance.now();
  const messages: ImportedMessage[] = [];
  const reader = new PcapStreamReader((m) => messages.push(m));
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (let offset = 0; ;) {
    const n = readSync(fd, chunk, 0, CHUNK, offset);
    if (n === 0) break;
    // A copy: the reader may keep views of the bytes of a record cut by the chunk's end.
    reader.push(Buffer.from(chunk.subarray(0, n)));
    offset += n;
  }
  closeSync(fd);
  reader.end();
  const readMs = performance.now() - t0;
  // Resident memory once the file is read: the streaming reader's share, before the analysis.
  const readRssMb = process.memoryUsage().rss / 2 ** 20;
  const readCpuS = cpuSeconds();
  const result = analyzeTrace(traceFromImported(messages), findBuiltinProfile('generic')!);
  const ms = performance.now() - t0;
  const cpuS = cpuSeconds();
  console.log(
    JSON.stringify({
      ms,
      readMs,
      readRssMb,
      cpuS,
      readCpuS,
      packets: reader.packets,
      messages: messages.length,
      findings: result.findings.length,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function timed(
  command: string,
  args: readonly string[],
): { ms: number; cpuS: number; maxRssMb: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const system = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  if (r.status !== 0)
    throw new Error(`${command} failed: ${(r.stderr ?? '').split('\n').slice(-5).join(' ')}`);
  return {
    ms,
    cpuS: Number(user?.[1] ?? NaN) + Number(system?.[1] ?? NaN),
    maxRssMb: rss ? Number(rss[1]) / 1024 : NaN,
    stdout: r.stdout,
  };
}

export function benchLargePcap(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-pcap-'));
  try {
    const file = path.join(dir, 'large.pcap');
    const { bytes, calls } = writeCapture(file);
    const ours = timed(process.execPath, ['--import', 'tsx', HERE, file]);
    const figures = JSON.parse(ours.stdout.trim().split('\n').at(-1) ?? '{}') as {
      ms: number;
      readMs: number;
      readRssMb: number;
      cpuS: number;
      readCpuS: number;
      packets: number;
      messages: number;
      findings: number;
      maxRssMb: number;
    };
    const mb = (bytes / 1e6).toFixed(0);
    console.log(
      `pcap ${mb} MB streamed to findings (${calls.toLocaleString('en')} calls, ${figures.packets.toLocaleString('en')} packets, ${figures.messages.toLocaleString('en')} SIP, ${figures.findings} findings)`,
    );
    console.log(
      `  sipkit ${(figures.ms / 1000).toFixed(1)} s wall, ${figures.cpuS.toFixed(1)} s CPU (read ${(figures.readMs / 1000).toFixed(1)} s wall, ${figures.readCpuS.toFixed(1)} s CPU, RSS ${figures.readRssMb.toFixed(0)} MB once read), peak RSS ${figures.maxRssMb.toFixed(0)} MB`,
    );
    // Ours are printed first: a slow tshark must not hide them.
    const tshark = timed('tshark', ['-r', file, '-Y', 'sip']);
    const tsharkMessages = tshark.stdout.split('\n').filter((l) => l.trim().length > 0).length;
    console.log(
      `  tshark -Y sip ${(tshark.ms / 1000).toFixed(1)} s wall, ${tshark.cpuS.toFixed(1)} s CPU (${tsharkMessages.toLocaleString('en')} SIP frames), peak RSS ${tshark.maxRssMb.toFixed(0)} MB; sipkit is ${(tshark.ms / figures.ms).toFixed(1)}x tshark's speed (wall), ${(tshark.cpuS / figures.cpuS).toFixed(1)}x (CPU)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === HERE && process.argv[2]) child(process.argv[2]);
else if (process.argv[1] === HERE) benchLargePcap();
