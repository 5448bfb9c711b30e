import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './binaries';
import { startProcess } from './child-process';
import {
  buildKamailioConfig,
  DEFAULT_REALM,
  type KamailioConfigContext,
  type KamailioConfigOptions,
} from './kamailio-config';
import { parseKamailioLogLine, type ParsedLogLine } from './kamailio-log';
import { freeUdpPort, portIsFree } from './ports';
import { headerValue } from './sip-message';
import { udpPortsBoundBy } from './udp-bindings';
import { PROBE_CALL_ID_PREFIX, sipOptions } from './sip-udp-client';

export type { KamailioConfigOptions, KamailioUser } from './kamailio-config';
export type { ParsedLogLine } from './kamailio-log';

/** Options every Kamailio role takes besides its own config options. */
export interface KamailioLaunchOptions {
  /** Port for both UDP and TCP (default: a free one). */
  port?: number;
  /** Readiness deadline (default 10 s; it normally takes well under 100 ms). */
  startTimeoutMs?: number;
  /**
   * Run inside this network namespace (`ip netns exec`) on `address` instead of 127.0.0.1 (port
   * 5060 by default). The harness cannot probe it from here, so it is ready once its port is bound.
   */
  netns?: { readonly name: string; readonly address: string };
}

export interface StartKamailioOptions extends KamailioConfigOptions, KamailioLaunchOptions {}

/** A running Kamailio of any role: its address, its SIPKIT-RX/TX log and stop(). */
export interface KamailioInstance {
  readonly host: string;
  readonly port: number;
  /** "127.0.0.1:PORT", the form sipsak/the product's server field takes. */
  readonly server: string;
  readonly pid: number;
  readonly configPath: string;
  /** How long start took until the first OPTIONS was answered. */
  readonly startupMs: number;
  /** SIP messages Kamailio received, in order (harness probes excluded). */
  received(): ParsedLogLine[];
  /** Messages Kamailio sent (replies; relays also requests), in order (harness probes excluded). */
  sent(): ParsedLogLine[];
  /** Waits until a logged message matches; logs arrive over a pipe, slightly after the reply. */
  waitForLogged(predicate: (line: ParsedLogLine) => boolean, timeoutMs?: number): Promise<ParsedLogLine>;
  /** Kamailio's recent stderr/stdout lines, for debugging. */
  logs(): string[];
  stop(): Promise<void>;
}

export interface KamailioHandle extends KamailioInstance {
  readonly realm: string;
}

const LOOPBACK = '127.0.0.1';

// Kamailio binds with SO_REUSEADDR, so a second instance on a taken port starts without error
// and the first one would answer the probe: only a reply carrying our instance id counts.
async function answersOptions(port: number, instanceId: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await sipOptions({ host: LOOPBACK, port }, timeoutMs);
    return response.status === 200 && (headerValue(response, 'server') ?? '').endsWith(`/${instanceId}`);
  } catch {
    return false;
  }
}

function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a Kamailio registrar on 127.0.0.1 (UDP + TCP on one free port) with digest users from
 * the generated config, resolving once it answers an OPTIONS.
 */
export async function startKamailio(opts: StartKamailioOptions): Promise<KamailioHandle> {
  const instance = await launchKamailio((ctx) => buildKamailioConfig(opts, ctx), opts);
  return { ...instance, realm: opts.realm ?? DEFAULT_REALM };
}

/**
 * Writes the config `build` returns for a fresh port and instance id, starts Kamailio in the
 * foreground with a private runtime dir and resolves once it answers an OPTIONS (the config must
 * answer an OPTIONS to itself with 200) and accepts TCP. Used by every role.
 */
export async function launchKamailio(
  build: (ctx: KamailioConfigContext) => string,
  opts: KamailioLaunchOptions,
  /** Label in error messages, e.g. "kamailio-trunk". */
  name = 'kamailio',
): Promise<KamailioInstance> {
  const binary = requireBinary('kamailio', 'kamailio');
  const netns = opts.netns;
  const host = netns?.address ?? LOOPBACK;
  if (!netns && opts.port !== undefined && !(await portIsFree(host, opts.port))) {
    throw new Error(`start ${name}: port ${opts.port} on ${host} is already in use (UDP or TCP)`);
  }
  const port = opts.port ?? (netns ? 5060 : await freeUdpPort(host));
  const instanceId = randomBytes(6).toString('hex');
  // Built before the temp dir exists, so bad options cannot leave one behind.
  const config = build({ host, port, instanceId, epochBase: Math.floor(Date.now() / 1000) });
  const dir = await mkdtemp(join(tmpdir(), 'sipkit-kamailio-'));
  const runDir = join(dir, 'run');
  await mkdir(runDir);
  const configPath = join(dir, 'kamailio.cfg');
  await writeFile(configPath, config, 'utf8');

  const started = Date.now();
  const proc = startProcess({
    name,
    // -DD: stay in the foreground but still fork workers (-D alone would serve only the first
    // socket). -E: log to stderr. -m/-M: 16 MB shared, 4 MB private memory is plenty here.
    // `ip netns exec` execs Kamailio in place, so the pid (and stop()) is Kamailio's own.
    command: netns ? requireBinary('ip', 'iproute2') : binary,
    args: [
      ...(netns ? ['netns', 'exec', netns.name, binary] : []),
      ...['-f', configPath, '-DD', '-E', '-Y', runDir, '-w', dir, '-m', '16', '-M', '4'],
    ],
    cwd: dir,
    keepLines: 2000,
    onStopped: () => rm(dir, { recursive: true, force: true }),
  });

  const logged: ParsedLogLine[] = [];
  const waiters = new Set<(line: ParsedLogLine) => void>();
  proc.onLine((line) => {
    const parsed = parseKamailioLogLine(line);
    if (!parsed || parsed.callId.startsWith(PROBE_CALL_ID_PREFIX)) return;
    logged.push(parsed);
    for (const waiter of waiters) waiter(parsed);
  });

  // A probe sent before Kamailio binds is simply lost, so start with short probe timeouts (it is
  // normally up in ~50 ms) and lengthen them in case a loaded machine answers slowly.
  let probeTimeoutMs = 40;
  const probe = async () => {
    const answered = await answersOptions(port, instanceId, probeTimeoutMs);
    probeTimeoutMs = Math.min(probeTimeoutMs * 2, 1000);
    return answered;
  };
  try {
    await proc.waitUntilReady(
      netns
        ? `udp:${host}:${port} bound in network namespace ${netns.name}`
        : `an OPTIONS to udp:${host}:${port} answered 200 and tcp:${host}:${port} accepting`,
      async () => (netns ? udpPortsBoundBy(proc.pid).has(port) : (await probe()) && (await acceptsTcp(port))),
      opts.startTimeoutMs ?? 10_000,
    );
  } catch (err) {
    await proc.stop();
    throw err;
  }
  const startupMs = Date.now() - started;

  let stopped: Promise<void> | undefined;
  return {
    host,
    port,
    server: `${host}:${port}`,
    pid: proc.pid,
    configPath,
    startupMs,
    received: () => logged.filter((l) => l.direction === 'received'),
    sent: () => logged.filter((l) => l.direction === 'sent'),
    logs: () => proc.recentOutput(),
    waitForLogged(predicate, timeoutMs = 2000) {
      const seen = logged.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise<ParsedLogLine>((resolve, reject) => {
        const waiter = (line: ParsedLogLine) => {
          if (!predicate(line)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const lines = logged.map((l) => l.raw.slice(l.raw.indexOf('SIPKIT-'))).join('\n');
          reject(new Error(`no matching Kamailio log line within ${timeoutMs} ms. Logged so far:\n${lines}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    stop() {
      stopped ??= proc.stop().then(() => undefined);
      return stopped;
    },
  };
}
