// The 200,000-folded-lines trace of issue 14 (1.2 MB: one header continued over 200,000 lines),
// read the way `sipkit analyze` reads it, as a text file and as a pcap of one TCP connection, with
// tshark's dissection of the same pcap as the yardstick. Seconds and MB/s; numbers, not assertions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadTraceFile } from '../electron/analysis/load-trace-file';
import { traceFromImported } from '../electron/analysis/to-trace';
import { analyzeTrace } from '../shared/diagnostics/analyze';
import { findBuiltinProfile } from '../shared/profiles/builtin-profiles';
import * as adv from '../test/support/adversarial-sip';
import { writePcap } from '../test/unit/import/pcap/capture-writer';
import { TCP_SYN, tcpFrame } from '../test/unit/import/pcap/packet-builder';

const LINES = 200_000;

function report(label: string, bytes: number, ms: number): void {
  const seconds = ms / 1000;
  console.log(
    `${label.padEnd(44)} ${seconds.toFixed(2).padStart(8)} s  ${(bytes / 1e6 / seconds).toFixed(1).padStart(8)} MB/s`,
  );
}

/** `sipkit analyze FILE` without the store: read, parse every message, run every rule. */
function analyzeFile(file: string): number {
  const loaded = loadTraceFile(file);
  const result = analyzeTrace(traceFromImported(loaded.messages), findBuiltinProfile('generic')!);
  if (loaded.messages.length !== 1) throw new Error(`expected 1 message, read ${loaded.messages.length}`);
  return result.findings.length;
}

function pcapOf(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  const frames = [{ data: tcpFrame(1000, '', {}, TCP_SYN) }];
  for (let at = 0; at < bytes.length; at += 1400) {
    frames.push({ data: tcpFrame(1001 + at, bytes.subarray(at, at + 1400)) });
  }
  return writePcap(frames, { linkType: 1 });
}

function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function benchFoldedLines(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-folded-'));
  try {
    const text = adv.foldedLines(LINES);
    const textFile = path.join(dir, 'folded.txt');
    const pcapFile = path.join(dir, 'folded.pcap');
    writeFileSync(textFile, text, 'latin1');
    const pcap = pcapOf(text);
    writeFileSync(pcapFile, pcap);
    let t0 = performance.now();
    analyzeFile(textFile);
    report(`analyze ${LINES.toLocaleString('en')} folded lines (text)`, text.length, performance.now() - t0);
    t0 = performance.now();
    analyzeFile(pcapFile);
    report(
      `analyze ${LINES.toLocaleString('en')} folded lines (pcap, TCP)`,
      pcap.length,
      performance.now() - t0,
    );
    if (!hasTshark()) {
      console.log('tshark is not installed: no yardstick');
      return;
    }
    t0 = performance.now();
    // tshark reassembles the TCP stream and dissects the SIP message (and its headers).
    const out = execFileSync('tshark', ['-r', pcapFile, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    report('tshark -Y sip on the same pcap (yardstick)', pcap.length, performance.now() - t0);
    if (!out.includes('adv@example.com')) console.log('  (tshark did not dissect the message as SIP)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchFoldedLines();
