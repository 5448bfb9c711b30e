// `npm run bench` (or `npx tsx bench/load.bench.ts`): the load generator against SIPp's own UAC
// (`sipp -sn uac`), in turn, against one SIPp UAS (`sipp -sn uas`) on 127.0.0.1, flow
// INVITE/100/180/200/ACK/BYE/200. For each: the highest sustained CPS with under 0.1% failed calls
// (stepping up; ours with capture on into a real trace store), CPU seconds per 1,000 calls, memory
// per held call (10,000 held), and pacing error p50/p99 at 1, 10 and 100 CPS (INVITE send times
// against start + i / cps, anchored at the median offset); then the ratios to SIPp. Numbers, not
// assertions. LOAD_BENCH_QUICK=1 runs fewer, shorter steps.
//
// The bench explains itself: every step of ours prints where the CPU went (the load thread, the
// main thread that unpacks the capture and commits it to SQLite, and the rest: V8's GC helpers,
// libuv), CPU against wall time, the store's commits (count, messages per commit, ms), and the UDP
// datagrams the kernel dropped (our socket, the UAS's, machine-wide). Both ladders run twice,
// interleaved (ours, SIPp, ours, SIPp), and both runs are printed: the machine is shared, so the
// figures to trust are CPU per call and ratios to SIPp from the same run.
//   --profile               also writes .cpuprofile files (load thread, main thread) of ours at its
//                           top sustained step, and prints their ten heaviest functions
//   LOAD_BENCH_STEPS=a,b    only these CPS steps (focused runs while iterating)
//   LOAD_BENCH_PARTS=...    any of ladder,hold,pacing (default all)
//   LOAD_BENCH_RUNS=n       ladder runs (default 2)
//   LOAD_BENCH_HELD=n       calls held for the memory and abort figures (default 100,000)
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { startLoadOffThread } from '../electron/engine/load/load-off-thread';
import { startLoad } from '../electron/engine/load/load-run';
import type { LoadPlan, LoadReport, LoadThreadReport } from '../electron/engine/load/load-types';
import { percentile } from '../electron/engine/load/percentiles';
import { cpuSince, threadCpu } from '../electron/engine/load/thread-cpu';
import { openTraceStore } from '../electron/store/sqlite-trace-store';
import type { TraceStore } from '../electron/store/trace-store';
import { freeUdpPort } from '../test/support/ports';
import { startSipp, type SippHandle } from '../test/support/sipp';
import { parseSippStats } from '../test/support/sipp-trace';
import { udpDropCounters, udpDropsBetween } from '../test/support/udp-drops';
import { waitUntil } from '../test/support/wait';

const QUICK = process.env.LOAD_BENCH_QUICK === '1';
const PROFILE = process.argv.includes('--profile');
// A real gc() for the memory figures, without --expose-gc on the command line (tsx re-spawns node).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const STEP_S = QUICK ? 3 : 5;
const CPS_STEPS = process.env.LOAD_BENCH_STEPS
  ? process.env.LOAD_BENCH_STEPS.split(',').map(Number)
  : [500, 1000, 2000, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 15000, 20000];
const PARTS = new Set((process.env.LOAD_BENCH_PARTS ?? 'ladder,hold,pacing').split(','));
const RUNS = Number(process.env.LOAD_BENCH_RUNS ?? 2);
const HELD = Number(process.env.LOAD_BENCH_HELD ?? (QUICK ? 10_000 : 100_000));
/** Calls opened per second while filling the held calls. */
const HOLD_OPEN_CPS = 2000;
const PACING_RATES = [1, 10, 100, 1000];
const PACING_S = QUICK ? 4 : 8;

interface Ladder {
  maxCps?: number;
  /** CPU-s per 1,000 calls at each sustained step. */
  cpuPer1000: Map<number, number>;
}

interface Side {
  ladders: Ladder[];
  kbPerHeld?: number;
  abortS?: number;
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

/**
 * Datagrams the kernel dropped at the UDP socket bound to `port` (any address): the last column of
 * /proc/net/udp. A file read, not `ss` (spawning it every second cost this thread more CPU than
 * the store's commits). Undefined when no such socket is open.
 */
function udpSocketDrops(port: number): number | undefined {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const l of readFileSync('/proc/net/udp', 'latin1').split('\n')) {
    const cols = l.trim().split(/\s+/);
    if (cols[1]?.endsWith(hex)) return Number(cols.at(-1));
  }
  return undefined;
}

const f3 = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '?' : n.toFixed(3));

// ---- the store's commits, counted by the store itself ---------------------------------------

const commits = { count: 0, messages: 0, ms: 0 };

/**
 * The load thread as the app and the CLI run it: one bundled file (scripts/build-electron.mjs's
 * options), not TypeScript sources through tsx's loader.
 */
let workerBundle: URL | undefined;
async function bundleWorker(dir: string): Promise<URL> {
  const outfile = path.join(dir, 'load-worker.js');
  await build({
    entryPoints: [path.resolve('electron/engine/load/load-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as sipkitRequire } from 'node:module'; const require = sipkitRequire(import.meta.url);",
    },
  });
  return pathToFileURL(outfile);
}
function commitsSince(c0: typeof commits): { count: number; messages: number; ms: number } {
  return {
    count: commits.count - c0.count,
    messages: commits.messages - c0.messages,
    ms: commits.ms - c0.ms,
  };
}

// ---- ours ----------------------------------------------------------------------------------

interface OursRun {
  report: LoadReport;
  inviteTimes: number[];
  runId: number;
  cpuS: number;
  wallS: number;
  captured: number;
  stored: number;
  where: string;
  thread?: LoadThreadReport;
}

async function oursRun(
  uas: SippHandle,
  plan: LoadPlan,
  store: TraceStore,
  cpuProfile = false,
): Promise<OursRun> {
  const runId = store.createRun({
    kind: 'load',
    target: uas.address,
    profile: 'generic',
    params: { ...plan },
  });
  const inviteTimes: number[] = [];
  const invited = new Set<string>();
  let captured = 0;
  let thread: LoadThreadReport | undefined;
  let localPort = 0;
  let ourDrops: number | undefined;
  const uasDrops0 = udpSocketDrops(uas.port);
  const machineDrops0 = udpDropCounters();
  const c0 = { ...commits };
  const main0 = threadCpu();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  // As the CLI and the app run it: the generator on its own thread, the store on this one.
  const handle = startLoadOffThread(
    {
      plan,
      target: { server: { address: uas.host, port: uas.port } },
      cpuProfile,
      onReady: (info) => (localPort = info.local.port),
      // Our socket's drops, read every second while it is open (it is gone once the run ends).
      onSecond: () => (ourDrops = udpSocketDrops(localPort) ?? ourDrops),
      onThreadReport: (r) => (thread = r),
      capture: {
        capture: (m) => {
          store.append(runId, m);
          captured++;
          // A call's first INVITE only: retransmissions are not call starts (counted, they moved
          // every later call's index and stretched the span that 'achieved CPS' is taken over).
          if (m.direction === 'out' && m.method === 'INVITE' && m.callId !== undefined) {
            if (!invited.has(m.callId)) inviteTimes.push(m.tsMicros / 1000);
            invited.add(m.callId);
          }
        },
      },
    },
    workerBundle,
  );
  const report = await handle.done;
  store.flush();
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - t0) / 1000;
  const mainLoop = performance.eventLoopUtilization(elu0).utilization;
  const main = cpuSince(main0, threadCpu());
  const c = commitsSince(c0);
  const uasDrops = (udpSocketDrops(uas.port) ?? NaN) - (uasDrops0 ?? NaN);
  const machineDrops = udpDropsBetween(machineDrops0, udpDropCounters());
  store.finishRun(runId, { ok: true, summary: 'bench' });
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const per1000 = (s: number | undefined): string =>
    s === undefined ? '?' : f3((s / Math.max(report.totals.attempts, 1)) * 1000);
  const engineS = thread?.cpuUserS !== undefined ? thread.cpuUserS + thread.cpuSysS! : undefined;
  const mainS = main ? main.userS + main.sysS : undefined;
  const otherS = engineS !== undefined && mainS !== undefined ? cpuS - engineS - mainS : undefined;
  if (cpuProfile && thread?.cpuProfile) profileNote('load-thread', thread.cpuProfile);
  const where = [
    `CPU-s/1000 calls: load thread ${per1000(engineS)} (user ${f3(thread?.cpuUserS)} s, sys ${f3(thread?.cpuSysS)} s, loop busy ${Math.round((thread?.loopBusy ?? NaN) * 100)}%)`,
    `main/store thread ${per1000(mainS)} (user ${f3(main?.userS)} s, sys ${f3(main?.sysS)} s, loop busy ${Math.round(mainLoop * 100)}%; commits ${c.count} × ${Math.round(c.messages / Math.max(c.count, 1))} msgs, ${Math.round(c.ms)} ms in commits)`,
    `other threads ${per1000(otherS)}; process ${f3(cpuS)} CPU-s over ${wallS.toFixed(2)} s wall (${Math.round((cpuS / wallS) * 100)}% of one core)`,
    `UDP drops: our socket ${ourDrops ?? '?'}, UAS socket ${Number.isNaN(uasDrops) ? '?' : uasDrops}, machine-wide ${machineDrops}`,
  ].join('\n      ');
  return {
    report,
    inviteTimes,
    runId,
    cpuS,
    wallS,
    captured,
    stored: store.countMessages(runId),
    where,
    ...(thread ? { thread } : {}),
  };
}

async function oursLadder(uas: SippHandle, store: TraceStore, label: string): Promise<Ladder> {
  const ladder: Ladder = { cpuPer1000: new Map() };
  // Warm-up (JIT, socket buffers).
  await oursRun(uas, base({ cps: 500, calls: 500 }), store);
  line(`ours, ${label} (capture on, into a trace store on disk):`);
  for (const cps of CPS_STEPS) {
    const calls = cps * STEP_S;
    const { report, inviteTimes, cpuS, captured, stored, where } = await oursRun(
      uas,
      base({ cps, calls }),
      store,
    );
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
      `  ours ${String(cps).padStart(6)} CPS: ${report.totals.answered}/${calls} answered, ${report.totals.failed} failed, ${retx} retransmissions, achieved ${Math.round(achieved)} CPS, pacing p99 ${report.pacing?.p99Ms} ms, ${f3((cpuS / calls) * 1000)} CPU-s/1000, stored ${stored}/${captured} messages${ok ? '' : ' ← not sustained'}`,
    );
    line(`      ${where}`);
    if (!ok) break;
    ladder.maxCps = cps;
    ladder.cpuPer1000.set(cps, (cpuS / calls) * 1000);
  }
  return ladder;
}

/** Ours at `cps` once more with both threads profiled (--profile). */
async function oursProfiled(uas: SippHandle, store: TraceStore, cps: number): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const r = await oursRun(uas, base({ cps, calls: cps * STEP_S }), store, true);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  profileNote('main-thread', JSON.stringify(profile));
  line(`  profiled run at ${cps} CPS: ${r.report.totals.answered} answered\n      ${r.where}`);
}

const PROFILE_DIR = path.join(tmpdir(), 'sipkit-bench-profiles');

/** Writes the profile and prints its ten heaviest functions by self time. */
function profileNote(name: string, json: string): void {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const file = path.join(PROFILE_DIR, `load-${name}.cpuprofile`);
  writeFileSync(file, json);
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }
  const p = JSON.parse(json) as { nodes: Node[]; samples: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of p.samples) {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url)}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = p.samples.length;
  line(`  profile ${file}: ${total} samples; heaviest by self time:`);
  for (const [k, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12))
    line(`    ${((n / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

async function oursHold(uas: SippHandle, store: TraceStore, side: Side): Promise<void> {
  // Memory per held call: HELD calls up at once, then abort (which also times the abort).
  gc();
  const before = process.memoryUsage();
  const runId = store.createRun({ kind: 'load', target: uas.address, profile: 'generic' });
  let up = 0;
  const byes = new Set<string>();
  const byesOk = new Set<string>();
  const handle = startLoad({
    plan: base({ mode: 'channels', channels: HELD, cps: HOLD_OPEN_CPS, durationS: 600 }),
    target: { server: { address: uas.host, port: uas.port } },
    capture: {
      capture: (m) => {
        store.append(runId, m);
        if (m.cseqMethod !== 'BYE' || m.callId === undefined) return;
        if (m.direction === 'out') byes.add(m.callId);
        else if (m.status !== undefined && m.status >= 200) byesOk.add(m.callId);
      },
    },
    onSecond: (s) => (up = s.concurrent),
  });
  // A busy machine may not bring every call up: the figures are then per call that came up.
  const fillStart = performance.now();
  await waitUntil(
    () => up >= HELD || performance.now() - fillStart > (HELD / HOLD_OPEN_CPS) * 1000 + 60_000,
    {
      timeoutMs: (HELD / HOLD_OPEN_CPS) * 1000 + 70_000,
      intervalMs: 100,
      describeFailure: () => `only ${up} of ${HELD} calls came up`,
    },
  );
  const heldCalls = Math.max(up, 1);
  line(
    `ours: ${up} of ${HELD} calls up after ${((performance.now() - fillStart) / 1000).toFixed(1)} s; aborting`,
  );
  store.flush();
  gc();
  const held = process.memoryUsage();
  const abortStart = performance.now();
  await handle.abort();
  const abortMs = performance.now() - abortStart;
  await handle.done;
  line(`ours: aborted in ${(abortMs / 1000).toFixed(2)} s, ${byesOk.size} of ${byes.size} BYEs answered`);
  store.finishRun(runId, { ok: true, summary: 'bench hold' });
  // RSS is what SIPp's figure is too (max RSS); the JS heap figure is shown beside it.
  const heapDelta = held.heapUsed + held.external - (before.heapUsed + before.external);
  const rssDelta = held.rss - before.rss;
  // RSS can even shrink here (earlier steps raised it and GC returned pages), so the figure is the
  // larger of the two growths: never less than what the held calls really keep alive.
  side.kbPerHeld = Math.max(rssDelta, heapDelta) / heldCalls / 1024;
  side.abortS = abortMs / 1000;
  side.notes.push(
    `held ${heldCalls} of ${HELD}: RSS +${(rssDelta / 1024 / 1024).toFixed(1)} MB (${side.kbPerHeld.toFixed(2)} KB/call), JS heap + external after gc +${(heapDelta / 1024 / 1024).toFixed(1)} MB (${(heapDelta / heldCalls / 1024).toFixed(2)} KB/call); abort of ${heldCalls} calls took ${Math.round(abortMs)} ms, ${byesOk.size} of ${byes.size} BYEs answered`,
  );
}

async function oursPacing(uas: SippHandle, store: TraceStore, side: Side, top?: number): Promise<void> {
  const rates = top !== undefined && !PACING_RATES.includes(top) ? [...PACING_RATES, top] : PACING_RATES;
  for (const cps of rates) {
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
  uasDrops: number;
  machineDrops: number;
}

/** The children of process `pid` (Linux: /proc/PID/task/PID/children), [] when unknown. */
function childPids(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function runSippUac(uas: SippHandle, args: string[], timeoutMs: number): Promise<SippUacResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-sipp-'));
  const stats = path.join(dir, 'stats.csv');
  const uasDrops0 = udpSocketDrops(uas.port) ?? NaN;
  const machineDrops0 = udpDropCounters();
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
        // SIPp first, then /usr/bin/time: killing only `time` left SIPp running with our stderr
        // pipe open, so 'close' never came and the bench hung (a 100,000-call hold on a busy machine).
        const timer = setTimeout(() => {
          for (const pid of childPids(child.pid)) process.kill(pid, 'SIGKILL');
          child.kill('SIGKILL');
        }, timeoutMs);
        child.on('close', (code) => {
          clearTimeout(timer);
          const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
          const s = parseSippStats(safeRead(stats));
          rmSync(dir, { recursive: true, force: true });
          const uasDrops = (udpSocketDrops(uas.port) ?? NaN) - uasDrops0;
          const machineDrops = udpDropsBetween(machineDrops0, udpDropCounters());
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
              uasDrops,
              machineDrops,
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
            uasDrops,
            machineDrops,
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

async function sippLadder(uas: SippHandle, label: string): Promise<Ladder> {
  const ladder: Ladder = { cpuPer1000: new Map() };
  line(`sipp -sn uac, ${label}:`);
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
      `  sipp ${String(cps).padStart(6)} CPS: ${r.success}/${calls} ok, ${r.failed} failed, ${r.retrans} retransmissions, ${Math.round(achieved)} calls/s over the run, ${f3((r.cpuS / calls) * 1000)} CPU-s/1000${ok ? '' : ' ← not sustained'}`,
    );
    line(
      `      one thread: ${f3(r.cpuS)} CPU-s over ${r.wallS.toFixed(2)} s wall (${Math.round((r.cpuS / r.wallS) * 100)}% of one core); UDP drops: UAS socket ${Number.isNaN(r.uasDrops) ? '?' : r.uasDrops}, machine-wide ${r.machineDrops}`,
    );
    if (!ok) break;
    ladder.maxCps = cps;
    ladder.cpuPer1000.set(cps, (r.cpuS / calls) * 1000);
  }
  return ladder;
}

async function sippHold(uas: SippHandle, side: Side): Promise<void> {
  // Memory per held call: max RSS of a UAC holding HELD calls (-d: pause in the built-in uac),
  // minus that of a UAC holding 10.
  const small = await runSippUac(uas, ['-r', '10', '-m', '10', '-d', '3000'], 60_000);
  const fillS = HELD / HOLD_OPEN_CPS;
  const big = await runSippUac(
    uas,
    [
      '-r',
      String(HOLD_OPEN_CPS),
      '-m',
      String(HELD),
      '-d',
      String((fillS + 5) * 1000),
      '-l',
      String(HELD * 2),
    ],
    (fillS * 2 + 60) * 1000,
  );
  side.kbPerHeld = (big.maxRssKb - small.maxRssKb) / HELD;
  side.notes.push(
    `held ${HELD}: max RSS ${big.maxRssKb} KB vs ${small.maxRssKb} KB for 10 (${big.failed} failed)`,
  );
}

async function sippPacing(uas: SippHandle, side: Side, top?: number): Promise<void> {
  const rates = top !== undefined && !PACING_RATES.includes(top) ? [...PACING_RATES, top] : PACING_RATES;
  for (const cps of rates) {
    const calls = Math.max(2, cps * PACING_S);
    const uac = await startSipp({
      scenario: 'uac',
      remote: uas.address,
      rate: cps,
      calls,
      traceMessages: true,
      // A call that lost a message fails after 10 s instead of waiting out the 32 s RFC timers.
      recvTimeoutMs: 10_000,
    });
    // Its INVITEs are in its trace once sent: a SIPp still waiting on lost messages is stopped and
    // timed all the same (it once took the whole bench down with it).
    await uac.waitForExit(PACING_S * 1000 + 30_000).catch(() => {
      side.notes.push(`pacing ${cps} CPS: SIPp had not finished its calls in time; stopped`);
    });
    // First transmissions only, as for ours.
    const invited = new Set<string>();
    const times = uac
      .messages()
      .filter(
        (m) =>
          m.direction === 'sent' && m.method === 'INVITE' && !invited.has(m.callId) && invited.add(m.callId),
      )
      .map((m) => m.timeMs);
    await uac.stop();
    side.pacing[cps] = pacingError(times, cps);
  }
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

/** "a / b" over the runs. */
function perRun(values: (number | undefined)[], digits = 0): string {
  return values.map((v) => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits))).join(' / ');
}

export async function benchLoad(): Promise<void> {
  line(
    `load generator vs sipp -sn uac, both against sipp -sn uas on 127.0.0.1 (${await execText('nproc', [])} cores; load average at start ${(await execText('cat', ['/proc/loadavg'])).split(' ').slice(0, 3).join(' ')})`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-load-'));
  workerBundle = await bundleWorker(dir);
  const uas = await startSipp({ scenario: 'uas', traceMessages: false });
  const store = openTraceStore({
    file: path.join(dir, 'bench.db'),
    onBatchWritten: (n, ms) => {
      commits.count++;
      commits.messages += n;
      commits.ms += ms;
    },
  });
  const ours: Side = { ladders: [], pacing: {}, notes: [] };
  const sipp: Side = { ladders: [], pacing: {}, notes: [] };
  try {
    if (PARTS.has('ladder')) {
      for (let run = 1; run <= RUNS; run++) {
        ours.ladders.push(await oursLadder(uas, store, `ladder run ${run}`));
        sipp.ladders.push(await sippLadder(uas, `ladder run ${run}`));
      }
      // The top sustained step (or the first step, when none held).
      const top = Math.max(0, ...ours.ladders.map((l) => l.maxCps ?? 0));
      if (PROFILE) await oursProfiled(uas, store, top || CPS_STEPS[0]!);
    }
    const top = Math.max(
      0,
      ...ours.ladders.map((l) => l.maxCps ?? 0),
      ...sipp.ladders.map((l) => l.maxCps ?? 0),
    );
    if (PARTS.has('hold')) {
      await oursHold(uas, store, ours);
      await sippHold(uas, sipp);
    }
    if (PARTS.has('pacing')) {
      await oursPacing(uas, store, ours, top || undefined);
      await sippPacing(uas, sipp, top || undefined);
    }
  } finally {
    store.close();
    await uas.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (label: string, a: string, b: string, r: string) =>
    line(`${label.padEnd(40)} ${a.padStart(17)} ${b.padStart(17)} ${r.padStart(15)}`);
  line('');
  row('', 'ours (runs)', 'sipp (runs)', 'ours/sipp');
  const runs = ours.ladders.map((_, i) => i);
  row(
    'highest sustained CPS (<0.1% fail)',
    perRun(ours.ladders.map((l) => l.maxCps)),
    perRun(sipp.ladders.map((l) => l.maxCps)),
    runs.map((i) => ratio(ours.ladders[i]!.maxCps, sipp.ladders[i]?.maxCps)).join(' / '),
  );
  // CPU per call compared where both ran clean: at SIPp's top step (or ours, if lower).
  const at = runs.map((i) => Math.min(ours.ladders[i]!.maxCps ?? 0, sipp.ladders[i]?.maxCps ?? 0));
  row(
    `CPU-s per 1,000 calls at ${perRun(at)} CPS`,
    perRun(
      runs.map((i) => ours.ladders[i]!.cpuPer1000.get(at[i]!)),
      3,
    ),
    perRun(
      runs.map((i) => sipp.ladders[i]?.cpuPer1000.get(at[i]!)),
      3,
    ),
    runs
      .map((i) => ratio(ours.ladders[i]!.cpuPer1000.get(at[i]!), sipp.ladders[i]?.cpuPer1000.get(at[i]!)))
      .join(' / '),
  );
  row(
    'CPU-s per 1,000 calls at own top step',
    perRun(
      runs.map((i) => ours.ladders[i]!.cpuPer1000.get(ours.ladders[i]!.maxCps ?? -1)),
      3,
    ),
    perRun(
      runs.map((i) => sipp.ladders[i]?.cpuPer1000.get(sipp.ladders[i]!.maxCps ?? -1)),
      3,
    ),
    '',
  );
  row(
    `memory per held call (${HELD} held), KB`,
    ours.kbPerHeld?.toFixed(2) ?? '-',
    sipp.kbPerHeld?.toFixed(2) ?? '-',
    ratio(ours.kbPerHeld, sipp.kbPerHeld),
  );
  row(`abort of ${HELD} held calls, s`, ours.abortS?.toFixed(2) ?? '-', '-', '');
  for (const cps of Object.keys(ours.pacing).map(Number)) {
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
