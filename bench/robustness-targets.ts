// The three listening sockets `npm run bench:robustness` fuzzes, each started as a user would start
// it, with the liveness check that fits it: `sipkit answer` and a registration's Contact socket
// (`sipkit register --for` against a real Kamailio registrar) answer an OPTIONS probe every 50 ms
// (SIPp); the load generator (`sipkit load` against a SIPp UAS) keeps completing calls each second.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKamailio, type KamailioHandle } from '../test/support/kamailio';
import { freeUdpPort } from '../test/support/ports';
import { spawnSipkit, type SipkitChild } from '../test/support/sipkit-cli';
import { startSipp, type SippHandle } from '../test/support/sipp';

const PROBE_SCENARIO = fileURLToPath(new URL('../test/support/sipp-options-probe.xml', import.meta.url));
export const PROBE_EVERY_MS = 50;
const REGISTER_PASSWORD = 'fuzz-bench-5150';

export type TargetName = 'answer' | 'register' | 'load';

/** How the target stayed alive while it was flooded. */
export interface Liveness {
  /** Probes answered (OPTIONS) or seconds with answered calls (load), of all. */
  readonly answered: number;
  readonly total: number;
  /** Datagrams the liveness peer sent to the target (probes with retransmissions), when known. */
  readonly datagramsToTarget?: number;
  /** The probe's source port, to tell its datagrams from the flood's and other peers'. */
  readonly sourcePort?: number;
  /** One line of detail for the table (failures, refreshes). */
  readonly detail: string;
}

export interface RunningTarget {
  readonly name: TargetName;
  readonly child: SipkitChild;
  readonly port: number;
  readonly dataDir: string;
  /** Starts the liveness check for a flood planned to last `plannedMs`; finish() ends it. */
  startLiveness(plannedMs: number): Promise<{ finish(): Promise<Liveness> }>;
  /** Stops the peers this target needed (Kamailio, SIPp) and removes its data directory. */
  cleanup(): Promise<void>;
}

async function optionsProbe(port: number, plannedMs: number): Promise<{ finish(): Promise<Liveness> }> {
  const sipp = await startSipp({
    scenario: PROBE_SCENARIO,
    remote: `127.0.0.1:${port}`,
    rate: 1,
    ratePeriodMs: PROBE_EVERY_MS,
    calls: Math.ceil(plannedMs / PROBE_EVERY_MS) + 20,
    traceMessages: false,
  });
  return {
    finish: async () => {
      const run = await sipp.waitForExit(plannedMs + 120_000);
      const stats = run.stats;
      const total = stats?.totalCalls ?? 0;
      const answered = stats?.successfulCalls ?? 0;
      return {
        answered,
        total,
        datagramsToTarget: total + (stats?.retransmissions ?? 0),
        sourcePort: sipp.port,
        detail: `${total - answered} probes unanswered, ${stats?.retransmissions ?? 0} retransmitted`,
      };
    },
  };
}

function jsonEvents(child: SipkitChild): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  void child
    .waitForJson((l) => {
      events.push(l);
      return false;
    }, 24 * 3600_000)
    .catch(() => undefined);
  return events;
}

async function dataDirFor(name: TargetName): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `sipkit-robustness-${name}-`));
}

export async function startAnswerTarget(): Promise<RunningTarget> {
  const dataDir = await dataDirFor('answer');
  const port = await freeUdpPort('127.0.0.1');
  const child = spawnSipkit(
    ['answer', '--listen', `127.0.0.1:${port}`, '--after', '0.5', '--max-hold', '5', '--json'],
    { SIPKIT_DATA_DIR: dataDir },
  );
  await child.waitForJson((l) => l.event === 'listening', 60_000);
  return {
    name: 'answer',
    child,
    port,
    dataDir,
    startLiveness: (plannedMs) => optionsProbe(port, plannedMs),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export async function startRegisterTarget(): Promise<RunningTarget> {
  const dataDir = await dataDirFor('register');
  let k: KamailioHandle | undefined = await startKamailio({
    users: [{ user: 'fuzz', password: REGISTER_PASSWORD }],
  });
  const child = spawnSipkit(
    [
      'register',
      '--server',
      k.server,
      '--user',
      'fuzz',
      '--expires',
      '30',
      '--for',
      '86400',
      '--local',
      '127.0.0.1:0',
      '--json',
    ],
    { SIPKIT_DATA_DIR: dataDir, SIPKIT_PASSWORD: REGISTER_PASSWORD },
  );
  const events = jsonEvents(child);
  const local = await child.waitForJson(
    (l) => l.type === 'register' && /local SIP port/.test(String(l.message)),
    60_000,
  );
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(String(local.message))?.[1]);
  await child.waitForJson((l) => l.event === 'registered', 30_000);
  return {
    name: 'register',
    child,
    port,
    dataDir,
    startLiveness: async (plannedMs) => {
      const probe = await optionsProbe(port, plannedMs);
      const from = events.length;
      return {
        finish: async () => {
          const options = await probe.finish();
          const during = events.slice(from).filter((l) => l.type === 'register');
          const warnings = during.filter((l) => l.level === 'warning').length;
          const refreshes = during.filter((l) => l.event === 'registered' && l.refresh === true).length;
          return {
            ...options,
            detail: `${options.detail}; ${refreshes} refreshes, ${warnings} register warnings`,
          };
        },
      };
    },
    cleanup: async () => {
      await k?.stop();
      k = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startLoadTarget(plannedMs: number): Promise<RunningTarget> {
  const dataDir = await dataDirFor('load');
  let uas: SippHandle | undefined = await startSipp({ scenario: 'uas', traceMessages: false });
  // Long enough to outlast the flood; the run is ended by SIGTERM like the other two.
  const durationS = Math.ceil((plannedMs * 3) / 1000) + 120;
  const child = spawnSipkit(
    [
      'load',
      '--server',
      uas.address,
      '--to',
      '100',
      '--cps',
      '20',
      '--duration',
      String(durationS),
      '--local',
      '127.0.0.1',
      '--yes',
      '--json',
    ],
    { SIPKIT_DATA_DIR: dataDir },
  );
  const events = jsonEvents(child);
  const ready = await child.waitForJson((l) => l.type === 'load' && typeof l.local === 'string', 60_000);
  const port = Number(/:(\d+)$/.exec(String(ready.local))?.[1]);
  return {
    name: 'load',
    child,
    port,
    dataDir,
    startLiveness: async () => {
      const from = events.length;
      return {
        finish: async () => {
          const seconds = events.slice(from).filter((l) => l.type === 'second');
          const live = seconds.filter((s) => Number(s.answered) > 0).length;
          const attempts = seconds.reduce((n, s) => n + Number(s.attempts ?? 0), 0);
          const answered = seconds.reduce((n, s) => n + Number(s.answered ?? 0), 0);
          const failed = seconds.reduce((n, s) => n + Number(s.failed ?? 0), 0);
          return {
            answered: live,
            total: seconds.length,
            detail: `seconds with answered calls; calls ${attempts} sent, ${answered} answered, ${failed} failed`,
          };
        },
      };
    },
    cleanup: async () => {
      await uas?.stop();
      uas = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
