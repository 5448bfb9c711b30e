// `npm run bench:robustness` (issue 14): 1,000,000 mutated SIP datagrams (test/support/sip-fuzzer.ts,
// seeded) at each listening socket — `sipkit answer`, a registration's Contact socket and the load
// generator's own port — while liveness is checked (robustness-targets.ts). For each it prints what
// was sent and at what rate, what the kernel dropped at the target socket (ss -u -m, a delta), what
// the run stored or counted as not stored against what reached the socket, the liveness share, peak
// RSS, whether the process was still alive, its exit code after SIGTERM and how long it took to
// stop, and the machine's load average meanwhile. Numbers, not assertions.
//
//   npm run bench:robustness -- [--count N] [--rate R] [--seed S] [--only answer,register,load]
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { stopAll } from '../test/support/child-process';
import { isPidAlive } from '../test/support/process-liveness';
import { sampleRss } from '../test/support/process-memory';
import { fuzzSip } from '../test/support/sip-fuzzer';
import { udpSocketState } from '../test/support/udp-drops';
import { sleep } from '../test/support/wait';
import {
  startAnswerTarget,
  startLoadTarget,
  startRegisterTarget,
  type RunningTarget,
  type TargetName,
} from './robustness-targets';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '4000' },
    seed: { type: 'string', default: '14' },
    only: { type: 'string', default: 'answer,register,load' },
  },
});
const COUNT = Number(args.count);
const RATE = Number(args.rate);
const SEED = Number(args.seed);
const ONLY = args.only.split(',') as TargetName[];
if (!(COUNT > 0 && RATE > 0 && Number.isInteger(SEED)))
  throw new Error('--count and --rate must be above 0, --seed an integer');

interface Figures {
  readonly target: string;
  readonly sent: number;
  readonly rate: number;
  readonly kernelDrops: number;
  /** Datagrams from the fuzzer's and the probe's source ports the run stored. */
  readonly storedFromFlood: number;
  /** Every received datagram the run stored, and the received ones it counted as not stored. */
  readonly storedIn: number;
  readonly notStoredIn: number;
  /** Flood and probe datagrams that reached the socket (sent less kernel drops)… */
  readonly reached: number;
  /** …and of them, stored or counted as not stored (equal when nothing is lost unseen). */
  readonly accounted: number;
  readonly liveness: string;
  readonly livenessDetail: string;
  readonly peakRssMB: number;
  readonly aliveAtEnd: boolean;
  readonly exitCode: number;
  readonly stopMs: number;
  readonly loadAvg: string;
}

/** The run's stored inbound messages, those from the flood's source ports, and its notStored. */
function storedFigures(
  dataDir: string,
  runId: number,
  floodPorts: readonly number[],
): { storedIn: number; storedFromFlood: number; notStoredIn: number; notStoredWhy: string } {
  const db = new Database(path.join(dataDir, 'sipkit.db'), { readonly: true });
  try {
    const count = (sql: string, ...p: unknown[]): number => (db.prepare(sql).get(...p) as { n: number }).n;
    const storedIn = count("SELECT COUNT(*) AS n FROM messages WHERE run_id = ? AND direction = 'in'", runId);
    const storedFromFlood = count(
      `SELECT COUNT(*) AS n FROM messages WHERE run_id = ? AND direction = 'in' AND remote_port IN (${floodPorts.map(() => '?').join(',')})`,
      runId,
      ...floodPorts,
    );
    const params = JSON.parse(
      (db.prepare('SELECT params_json FROM runs WHERE id = ?').get(runId) as { params_json: string })
        .params_json,
    ) as { notStored?: Record<string, number> };
    return {
      storedIn,
      storedFromFlood,
      notStoredIn: params.notStored?.inbound ?? 0,
      notStoredWhy: JSON.stringify(params.notStored ?? {}),
    };
  } finally {
    db.close();
  }
}

async function start(name: TargetName, plannedMs: number): Promise<RunningTarget> {
  if (name === 'answer') return startAnswerTarget();
  if (name === 'register') return startRegisterTarget();
  return startLoadTarget(plannedMs);
}

async function measure(name: TargetName): Promise<Figures> {
  const plannedMs = (COUNT / RATE) * 1000;
  const target = await start(name, plannedMs);
  const { child, port } = target;
  try {
    const dropsBefore = udpSocketState('127.0.0.1', port)?.drops ?? 0;
    const rss = sampleRss(child.pid, 250);
    const loads: number[] = [loadavg()[0]!];
    const loadTimer = setInterval(() => loads.push(loadavg()[0]!), 5000);
    const liveness = await target.startLiveness(plannedMs);
    const flood = await fuzzSip({
      target: { address: '127.0.0.1', port },
      count: COUNT,
      rate: RATE,
      seed: SEED,
      maxMs: plannedMs * 3 + 60_000,
    });
    const live = await liveness.finish();
    clearInterval(loadTimer);
    loads.push(loadavg()[0]!);
    // Let the target read what is still in its socket buffer before the drops are read.
    for (let i = 0; i < 100 && (udpSocketState('127.0.0.1', port)?.recvQueueBytes ?? 0) > 0; i++)
      await sleep(100);
    const kernelDrops = (udpSocketState('127.0.0.1', port)?.drops ?? 0) - dropsBefore;
    const aliveAtEnd = isPidAlive(child.pid);
    const peakRss = rss.stop();

    const stopAsked = Date.now();
    child.kill('SIGTERM');
    const done = await Promise.race([child.done, sleep(30_000).then(() => undefined)]);
    const stopMs = Date.now() - stopAsked;
    if (!done) child.kill('SIGKILL');
    const result = done?.json.findLast((l) => l.type === 'result');
    const runId = Number(result?.run ?? done?.json.find((l) => typeof l.run === 'number')?.run);
    const stored = Number.isInteger(runId)
      ? storedFigures(target.dataDir, runId, [
          ...flood.sourcePorts,
          ...(live.sourcePort ? [live.sourcePort] : []),
        ])
      : { storedIn: NaN, storedFromFlood: NaN, notStoredIn: NaN, notStoredWhy: '' };
    // What reached the socket from the flood and the probes (the other peers' messages, the
    // registrar's or the UAS's, are left out on both sides), and what the run stored or counted.
    const reached = flood.sent + (live.datagramsToTarget ?? 0) - kernelDrops;
    const accounted = stored.storedFromFlood + stored.notStoredIn;
    const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
    return {
      target: name,
      sent: flood.sent,
      rate: Math.round(flood.sent / (flood.elapsedMs / 1000)),
      kernelDrops,
      storedFromFlood: stored.storedFromFlood,
      storedIn: stored.storedIn,
      notStoredIn: stored.notStoredIn,
      reached,
      accounted,
      liveness: `${live.answered}/${live.total} (${((100 * live.answered) / Math.max(1, live.total)).toFixed(2)}%)`,
      livenessDetail: `${live.detail}; not stored ${stored.notStoredWhy}`,
      peakRssMB: Math.round(peakRss / 2 ** 20),
      aliveAtEnd,
      exitCode: done?.code ?? -1,
      stopMs,
      loadAvg: `${mean.toFixed(1)} mean, ${Math.max(...loads, 0).toFixed(1)} max`,
    };
  } finally {
    child.kill('SIGKILL');
    await target.cleanup();
  }
}

function table(rows: readonly Figures[]): string {
  const head = [
    'socket',
    'sent',
    'rate/s',
    'kernel drops',
    'reached socket',
    'stored',
    'not stored (counted)',
    'stored + counted',
    'liveness',
    'peak RSS',
    'alive',
    'exit',
    'stop',
    'load avg',
  ];
  const fmt = (n: number): string => (Number.isFinite(n) ? n.toLocaleString('en') : '?');
  const cells = rows.map((r) => [
    r.target,
    fmt(r.sent),
    fmt(r.rate),
    fmt(r.kernelDrops),
    fmt(r.reached),
    fmt(r.storedFromFlood),
    fmt(r.notStoredIn),
    fmt(r.accounted),
    r.liveness,
    `${r.peakRssMB} MB`,
    r.aliveAtEnd ? 'yes' : 'NO',
    String(r.exitCode),
    `${r.stopMs} ms`,
    r.loadAvg,
  ]);
  const line = (c: readonly string[]): string => `| ${c.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...cells.map(line)].join('\n');
}

const rows: Figures[] = [];
for (const name of ONLY) {
  console.log(`${name}: ${COUNT.toLocaleString('en')} fuzzed datagrams at ${RATE}/s, seed ${SEED} …`);
  const f = await measure(name);
  console.log(JSON.stringify(f));
  rows.push(f);
}
await stopAll();
console.log(table(rows));
for (const r of rows) console.log(`${r.target}: ${r.livenessDetail}`);
// The peers' harness keeps timers of its own; everything this run started is stopped by now.
process.exit(0);
