// `npm run bench` (or `npx tsx bench/load.bench.ts`): the load generator against SIPp's own UAC
// (`sipp -sn uac`), in turn, against one SIPp UAS (`sipp -sn uas`) on 127.0.0.1, flow
// INVITE/100/180/200/ACK/BYE/200. For each: the highest sustained CPS with under 0.1% failed calls
// (stepping up; ours with capture on into a real trace store), CPU seconds per 1,000 calls, memory
// per held call (10,000 held), and pacing error p50/p99 at 1, 10 and 100 CPS (INVITE send times
// against start + i / cps, anchored at the median offset); then the ratios to SIPp. Numbers, not
// assertions. LOAD_BENCH_QUICK=1 runs fewer, shorter steps.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startLoadOffThread } from '../electron/engine/load/load-off-thread';
import { startLoad } from '../electron/engine/load/load-run';
import type { LoadPlan, LoadReport } from '../electron/engine/load/load-types';
import { percentile } from '../electron/engine/load/percentiles';
import { openTraceStore } from '../electron/store/sqlite-trace-store';
import type { TraceStore } from '../electron/store/trace-store';
import { freeUdpPort } from '../test/support/ports';
import { startSipp, type SippHandle } from '../test/support/sipp';
import { parseSippStats } from '../test/support/sipp-trace';
import { waitUntil } from '../test/support/wait';

const QUICK = process.env.LOAD_BENCH_QUICK === '1';
// A real gc() for the memory figures, without --expose-gc on the command line (tsx re-spawns node).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const STEP_S = QUICK ? 3 : 5;
const CPS_STEPS = [500, 1000, 2000, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 15000, 20000];
const HELD = 10_000;
const PACING_RATES = [1, 10, 100];
const PACING_S = QUICK ? 4 : 8;

interface Side {
  maxCps?: number;
  cpuPer1000?: number;
  kbPerHeld?: number;
  pacing: Record<number, { p50: number; p99: number }>;
  notes: string[];
}

function base(plan: Partial<LoadPlan>): LoadPlan {
  return { mode: 'fixed', to: '100', holdMinS: 0, holdMaxS: 0, media: false, ...plan };
}

function pacingError(sendTimesMs: number[], cps: number): { p50: number; p99: number } {
  // Against the ideal schedule i / cps placed at the run's median offset, not at the first INVITE:
  // a first call that happens to be late (a cold thread, a cold SIPp) must not shift every other one.
  const offsets = sendTimesMs.map((t, i) => t - (i * 1000) / cps);
  const anchor =
    percentile(
      [...offsets].sort((a, b) => a - b),
      50,
    ) ?? 0;
  const errors = offsets.map((o) => Math.abs(o - anchor)).sort((a, b) => a - b);
  return { p50: percentile(errors, 50) ?? NaN, p99: percentile(errors, 99) ?? NaN };
}

// ---- ours ----------------------------------------------------------------------------------

async function oursRun(
  uas: SippHandle,
  plan: LoadPlan,
  store: TraceStore,
): Promise<{
  report: LoadReport;
  inviteTimes: number[];
  runId: number;
  cpuS: number;
  wallS: number;
  captured: number;
  stored: number;
}> {
  const runId = store.createRun({
    kind: 'load',
    target: uas.address,
    profile: 'generic',
    params: { ...plan },
  });
  const inviteTimes: number[] = [];
  let captured = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // As the CLI and the app run it: the generator on its own thread, the store on this one.
  const handle = startLoadOffThread({
    plan,
    target: { server: { address: uas.host, port: uas.port } },
    capture: {
      capture: (m) => {
        store.append(runId, m);
        captured++;
        if (m.direction === 'out' && m.method === 'INVITE') inviteTimes.push(m.tsMicros / 1000);
      },
    },
  });
  const report = await handle.done;
  store.flush();
  const cpu = process.cpuUsage(cpu0);
  store.finishRun(runId, { ok: true, summary: 'bench' });
  return {
    report,
    inviteTimes,
    runId,
    cpuS: (cpu.user + cpu.system) / 1e6,
    wallS: (performance.now() - t0) / 1000,
    captured,
    stored: store.countMessages(runId),
  };
}

async function benchOurs(uas: SippHandle, store: TraceStore): Promise<Side> {
  const side: Side = { pacing: {}, notes: [] };
  // Warm-up (JIT, socket buffers).
  await oursRun(uas, base({ cps: 500, calls: 500 }), store);
  for (const cps of CPS_STEPS) {
    const calls = cps * STEP_S;
    const { report, inviteTimes, cpuS, captured, stored } = await oursRun(uas, base({ cps, calls }), store);
    const spanS = ((inviteTimes.at(-1) ?? 0) - (inviteTimes[0] ?? 0)) / 1000;
    const achieved = (calls - 1) / Math.max(spanS, 1e-9);
    const failedShare = report.totals.failed / Math.max(report.totals.attempts, 1);
    const retx = report.seconds.reduce((n, s) => n + s.retransmissions, 0);
    const ok =
      failedShare < 0.001 &&
      achieved >= cps * 0.97 &&
      report.totals.answered >= calls * 0.999 &&
      stored === captured;
    line(
      `  ours ${String(cps).padStart(6)} CPS: ${report.totals.answered}/${calls} answered, ${report.totals.failed} failed, ${retx} retransmissions, achieved ${Math.round(achieved)} CPS, pacing p99 ${report.pacing?.p99Ms} ms, ${((cpuS / calls) * 1000).toFixed(3)} CPU-s/1000, stored ${stored}/${captured} messages${ok ? '' : ' ← not sustained'}`,
    );
    if (!ok) break;
    side.maxCps = cps;
    side.cpuPer1000 = (cpuS / calls) * 1000;
  }
  // Memory per held call: 10,000 calls up at once, then abort (which also times the abort).
  gc();
  const before = process.memoryUsage();
  const runId = store.createRun({ kind: 'load', target: uas.address, profile: 'generic' });
  let up = 0;
  const handle = startLoad({
    plan: base({ mode: 'channels', channels: HELD, cps: 2000, durationS: 600 }),
    target: { server: { address: uas.host, port: uas.port } },
    capture: { capture: (m) => store.append(runId, m) },
    onSecond: (s) => (up = s.concurrent),
  });
  await waitUntil(() => up >= HELD, {
    timeoutMs: 60_000,
    intervalMs: 100,
    describeFailure: () => `only ${up} of ${HELD} calls came up`,
  });
  store.flush();
  gc();
  const held = process.memoryUsage();
  const abortStart = performance.now();
  await handle.abort();
  const abortMs = performance.now() - abortStart;
  await handle.done;
  store.finishRun(runId, { ok: true, summary: 'bench hold' });
  // RSS is what SIPp's figure is too (max RSS); the JS heap figure is shown beside it.
  const heapDelta = held.heapUsed + held.external - (before.heapUsed + before.external);
  const rssDelta = held.rss - before.rss;
  // RSS can even shrink here (earlier steps raised it and GC returned pages), so the figure is the
  // larger of the two growths: never less than what the held calls really keep alive.
  side.kbPerHeld = Math.max(rssDelta, heapDelta) / HELD / 1024;
  side.notes.push(
    `held ${HELD}: RSS +${(rssDelta / 1024 / 1024).toFixed(1)} MB (${side.kbPerHeld.toFixed(2)} KB/call), JS heap + external after gc +${(heapDelta / 1024 / 1024).toFixed(1)} MB (${(heapDelta / HELD / 1024).toFixed(2)} KB/call); abort of ${HELD} calls took ${Math.round(abortMs)} ms`,
  );
  for (const cps of PACING_RATES) {
    const { report, inviteTimes } = await oursRun(
      uas,
      base({ cps, calls: Math.max(2, cps * PACING_S) }),
      store,
    );
    side.pacing[cps] = pacingError(inviteTimes, cps);
    side.notes.push(
      `pacing ${cps} CPS: own lateness p50 ${report.pacing?.p50Ms} ms, p99 ${report.pacing?.p99Ms} ms, max ${report.pacing?.maxMs} ms`,
    );
  }
  return side;
}

// ---- SIPp ----------------------------------------------------------------------------------

interface SippUacResult {
  code: number | null;
  cpuS: number;
  wallS: number;
  maxRssKb: number;
  total: number;
  success: number;
  failed: number;
  retrans: number;
}

function runSippUac(uas: SippHandle, args: string[], timeoutMs: number): Promise<SippUacResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-sipp-'));
  const stats = path.join(dir, 'stats.csv');
  return freeUdpPort('127.0.0.1').then(
    (port) =>
      new Promise((resolve) => {
        const child = spawn(
          '/usr/bin/time',
          [
            ...['-f', 'TIME %e %U %S %M', 'sipp', '-sn', 'uac', uas.address],
            ...['-i', '127.0.0.1', '-p', String(port), '-bind_local', '-nostdin', '-t', 'u1'],
            ...['-trace_stat', '-stf', stats, '-fd', '1', ...args],
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('close', (code) => {
          clearTimeout(timer);
          const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
          const s = parseSippStats(safeRead(stats));
          rmSync(dir, { recursive: true, force: true });
          // Killed at the deadline (it could not finish): counts as not sustained.
          if (!m)
            return resolve({
              code,
              wallS: NaN,
              cpuS: NaN,
              maxRssKb: NaN,
              total: 0,
              success: 0,
              failed: 0,
              retrans: 0,
            });
          resolve({
            code,
            wallS: Number(m[1]),
            cpuS: Number(m[2]) + Number(m[3]),
            maxRssKb: Number(m[4]),
            total: s?.totalCalls ?? 0,
            success: s?.successfulCalls ?? 0,
            failed: s?.failedCalls ?? 0,
            retrans: s?.retransmissions ?? 0,
          });
        });
      }),
  );
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function benchSipp(uas: SippHandle): Promise<Side> {
  const side: Side = { pacing: {}, notes: [] };
  for (const cps of CPS_STEPS) {
    const calls = cps * STEP_S;
    const r = await runSippUac(
      uas,
      // A call that lost a message fails after 10 s instead of waiting out the 32 s RFC timers.
      ['-r', String(cps), '-m', String(calls), '-l', String(cps * 2), '-recv_timeout', '10000'],
      STEP_S * 4000 + 30_000,
    );
    // SIPp's wall time includes its start-up and the last calls' flow: allow 1 s for those.
    const achieved = calls / Math.max(r.wallS - 1, calls / cps);
    const failedShare = r.failed / Math.max(r.total, 1);
    const ok = r.code === 0 && failedShare < 0.001 && r.success >= calls * 0.999 && achieved >= cps * 0.97;
    line(
      `  sipp ${String(cps).padStart(6)} CPS: ${r.success}/${calls} ok, ${r.failed} failed, ${r.retrans} retransmissions, ${Math.round(achieved)} calls/s over the run, ${((r.cpuS / calls) * 1000).toFixed(3)} CPU-s/1000${ok ? '' : ' ← not sustained'}`,
    );
    if (!ok) break;
    side.maxCps = cps;
    side.cpuPer1000 = (r.cpuS / calls) * 1000;
  }
  // Memory per held call: max RSS of a UAC holding 10,000 calls (-d: pause in the built-in uac),
  // minus that of a UAC holding 10.
  const small = await runSippUac(uas, ['-r', '10', '-m', '10', '-d', '3000'], 60_000);
  const big = await runSippUac(
    uas,
    ['-r', '2000', '-m', String(HELD), '-d', '8000', '-l', String(HELD * 2)],
    120_000,
  );
  side.kbPerHeld = (big.maxRssKb - small.maxRssKb) / HELD;
  side.notes.push(
    `held ${HELD}: max RSS ${big.maxRssKb} KB vs ${small.maxRssKb} KB for 10 (${big.failed} failed)`,
  );
  for (const cps of PACING_RATES) {
    const calls = Math.max(2, cps * PACING_S);
    const uac = await startSipp({
      scenario: 'uac',
      remote: uas.address,
      rate: cps,
      calls,
      traceMessages: true,
    });
    await uac.waitForExit(PACING_S * 1000 + 30_000);
    const times = uac
      .messages()
      .filter((m) => m.direction === 'sent' && m.method === 'INVITE')
      .map((m) => m.timeMs);
    await uac.stop();
    side.pacing[cps] = pacingError(times, cps);
  }
  return side;
}

// ---- report --------------------------------------------------------------------------------

function line(s: string): void {
  console.log(s);
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}×`;
}

function execText(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => execFile(cmd, args, (_e, out) => resolve(String(out ?? '').trim())));
}

export async function benchLoad(): Promise<void> {
  line(
    `load generator vs sipp -sn uac, both against sipp -sn uas on 127.0.0.1 (${await execText('nproc', [])} cores)`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-load-'));
  const uas = await startSipp({ scenario: 'uas', traceMessages: false });
  const store = openTraceStore({ file: path.join(dir, 'bench.db') });
  let ours: Side;
  let sipp: Side;
  try {
    line('ours (capture on, into a trace store on disk):');
    ours = await benchOurs(uas, store);
    line('sipp -sn uac:');
    sipp = await benchSipp(uas);
  } finally {
    store.close();
    await uas.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (label: string, a: string, b: string, r: string) =>
    line(`${label.padEnd(34)} ${a.padStart(14)} ${b.padStart(14)} ${r.padStart(10)}`);
  line('');
  row('', 'ours', 'sipp', 'ours/sipp');
  row(
    'highest sustained CPS (<0.1% fail)',
    String(ours.maxCps ?? '-'),
    String(sipp.maxCps ?? '-'),
    ratio(ours.maxCps, sipp.maxCps),
  );
  row(
    'CPU seconds per 1,000 calls',
    ours.cpuPer1000?.toFixed(3) ?? '-',
    sipp.cpuPer1000?.toFixed(3) ?? '-',
    ratio(ours.cpuPer1000, sipp.cpuPer1000),
  );
  row(
    'memory per held call, KB',
    ours.kbPerHeld?.toFixed(2) ?? '-',
    sipp.kbPerHeld?.toFixed(2) ?? '-',
    ratio(ours.kbPerHeld, sipp.kbPerHeld),
  );
  for (const cps of PACING_RATES) {
    const o = ours.pacing[cps];
    const s = sipp.pacing[cps];
    row(
      `pacing error at ${cps} CPS p50/p99 ms`,
      o ? `${o.p50.toFixed(2)}/${o.p99.toFixed(2)}` : '-',
      s ? `${s.p50.toFixed(2)}/${s.p99.toFixed(2)}` : '-',
      o && s ? ratio(o.p99, s.p99) : '-',
    );
  }
  for (const n of ours.notes) line(`ours: ${n}`);
  for (const n of sipp.notes) line(`sipp: ${n}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLoad();
