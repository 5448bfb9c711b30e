import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireBinary } from './binaries';
import { startProcess, type ManagedProcess } from './child-process';

// Two network namespaces joined by a veth pair, made and deleted by the test that uses them, so
// impaired traffic never leaves this machine and never touches the host's own interfaces. The
// addresses (10.213.0.0/30) exist only inside these namespaces.

const run = promisify(execFile);
const ipBinary = () => requireBinary('ip', 'iproute2');

const CAP_NET_ADMIN = 12;
const CAP_SYS_ADMIN = 21;

/** Why this machine cannot make network namespaces, or undefined when it can. */
export function netnsUnavailableReason(): string | undefined {
  if (!existsSync('/proc/self/ns/net')) return 'the kernel has no network namespaces (/proc/self/ns/net)';
  const status = readFileSync('/proc/self/status', 'utf8');
  const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (!capEff) return 'cannot read the effective capabilities (/proc/self/status)';
  const caps = BigInt(`0x${capEff}`);
  const needed: readonly (readonly [number, string])[] = [
    [CAP_NET_ADMIN, 'CAP_NET_ADMIN'],
    [CAP_SYS_ADMIN, 'CAP_SYS_ADMIN (ip netns add mounts the namespace)'],
  ];
  const missing = needed.filter(([bit]) => (caps & (1n << BigInt(bit))) === 0n).map(([, name]) => name);
  if (missing.length > 0) return `this process lacks ${missing.join(' and ')}`;
  return undefined;
}

export interface NetnsSide {
  /** Namespace name, for `ip netns exec`. */
  readonly name: string;
  /** This side's veth device. */
  readonly device: string;
  /** This side's IPv4 address on the link. */
  readonly address: string;
}

export interface NetnsLink {
  readonly server: NetnsSide;
  readonly client: NetnsSide;
  /** Deletes both namespaces (and with them the veth pair and every rule in them). */
  remove(): Promise<void>;
}

/** Runs a command inside a namespace and returns its stdout. */
export async function netnsExec(ns: string, command: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(ipBinary(), ['netns', 'exec', ns, command, ...args]);
  return stdout;
}

/** Creates two namespaces joined by a veth pair (server 10.213.0.1, client 10.213.0.2), links up. */
export async function createNetnsLink(label: string): Promise<NetnsLink> {
  const id = `${label}-${randomBytes(3).toString('hex')}`;
  const server: NetnsSide = { name: `sipkit-${id}-srv`, device: 'veth-srv', address: '10.213.0.1' };
  const client: NetnsSide = { name: `sipkit-${id}-cli`, device: 'veth-cli', address: '10.213.0.2' };
  const remove = async () => {
    for (const side of [server, client])
      await run(ipBinary(), ['netns', 'del', side.name]).catch(() => undefined);
  };
  try {
    for (const side of [server, client]) await run(ipBinary(), ['netns', 'add', side.name]);
    await run(ipBinary(), [
      ...['link', 'add', server.device, 'netns', server.name, 'type', 'veth'],
      ...['peer', 'name', client.device, 'netns', client.name],
    ]);
    for (const side of [server, client]) {
      await run(ipBinary(), ['-n', side.name, 'addr', 'add', `${side.address}/30`, 'dev', side.device]);
      await run(ipBinary(), ['-n', side.name, 'link', 'set', 'lo', 'up']);
      await run(ipBinary(), ['-n', side.name, 'link', 'set', side.device, 'up']);
    }
  } catch (err) {
    await remove();
    throw err;
  }
  return { server, client, remove };
}

export interface Impairment {
  /**
   * 'netem' when the kernel has sch_netem; otherwise 'iptables+nfqueue': random drops by the
   * iptables statistic match and the delay by nfqueue-delay.py holding packets in an NFQUEUE.
   */
  readonly method: 'netem' | 'iptables+nfqueue';
  /** Packets sent onto the link in each direction and how many of them were lost, from the kernel. */
  counters(): Promise<readonly LinkCounters[]>;
  /** Stops the delay processes (the rules go with the namespaces). */
  stop(): Promise<void>;
}

export interface LinkCounters {
  /** "server→client" or "client→server". */
  readonly direction: string;
  readonly sent: number;
  readonly dropped: number;
}

export interface ImpairOptions {
  /** Share of packets dropped in each direction, in percent. */
  readonly lossPercent: number;
  /** Each packet waits a uniformly random time in [minDelayMs, maxDelayMs] in each direction. */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

const DELAYER = fileURLToPath(new URL('./nfqueue-delay.py', import.meta.url));
const QUEUE = '7';

/**
 * Impairs both directions of the link, on each side's egress as `tc qdisc add dev X root netem
 * loss L% delay M J` on both ends would (netem's uniform jitter M ± J is [min, max] here).
 */
export async function impairLink(link: NetnsLink, opts: ImpairOptions): Promise<Impairment> {
  const mid = (opts.minDelayMs + opts.maxDelayMs) / 2;
  const jitter = (opts.maxDelayMs - opts.minDelayMs) / 2;
  const sides = [link.server, link.client];
  const netem = await Promise.all(
    sides.map((side) =>
      run(ipBinary(), [
        ...['netns', 'exec', side.name, 'tc', 'qdisc', 'add', 'dev', side.device, 'root', 'netem'],
        ...['loss', `${opts.lossPercent}%`, 'delay', `${mid}ms`, `${jitter}ms`],
      ]).then(
        () => true,
        (err: { stderr?: string }) => {
          if (/unknown/i.test(err.stderr ?? '')) return false;
          throw err;
        },
      ),
    ),
  );
  if (netem.every(Boolean)) {
    return {
      method: 'netem',
      counters: () => Promise.all(sides.map((side, i) => netemCounters(side, i === 0))),
      stop: async () => undefined,
    };
  }
  for (const side of sides) {
    await run(ipBinary(), [
      'netns',
      'exec',
      side.name,
      'tc',
      'qdisc',
      'del',
      'dev',
      side.device,
      'root',
    ]).catch(() => undefined);
  }
  return impairWithIptables(sides, opts);
}

async function impairWithIptables(sides: readonly NetnsSide[], opts: ImpairOptions): Promise<Impairment> {
  const iptables = requireBinary('iptables', 'iptables');
  const python = requireBinary('python3', 'python3');
  const delayers: ManagedProcess[] = [];
  try {
    for (const side of sides) {
      const proc = startProcess({
        name: `nfqueue-delay ${side.name}`,
        command: requireBinary('ip', 'iproute2'),
        args: [
          ...['netns', 'exec', side.name, python, DELAYER],
          ...[QUEUE, String(opts.minDelayMs), String(opts.maxDelayMs)],
        ],
      });
      delayers.push(proc);
      await proc.waitForLine(/^ready$/, 10_000);
      // Loss on arrival: a DROP in OUTPUT would fail the sender's sendto() with EPERM, which no
      // lossy wire (nor netem) does. The delay on departure: NFQUEUE steals the packet, so the
      // sender sees a normal send.
      const probability = String(opts.lossPercent / 100);
      await netnsExec(side.name, iptables, [
        ...['-A', 'INPUT', '-i', side.device],
        ...['-m', 'statistic', '--mode', 'random', '--probability', probability, '-j', 'DROP'],
      ]);
      await netnsExec(side.name, iptables, [
        ...['-A', 'OUTPUT', '-o', side.device, '-j', 'NFQUEUE', '--queue-num', QUEUE],
      ]);
    }
  } catch (err) {
    await Promise.all(delayers.map((d) => d.stop()));
    throw err;
  }
  return {
    method: 'iptables+nfqueue',
    counters: async () => {
      const [server, client] = await Promise.all(sides.map((side) => iptablesCounters(iptables, side)));
      return [
        { direction: 'server→client', sent: server?.queued ?? 0, dropped: client?.dropped ?? 0 },
        { direction: 'client→server', sent: client?.queued ?? 0, dropped: server?.dropped ?? 0 },
      ];
    },
    stop: async () => {
      await Promise.all(delayers.map((d) => d.stop()));
    },
  };
}

/** Packets this side queued for sending (every one it sent) and dropped on arrival. */
async function iptablesCounters(iptables: string, side: NetnsSide) {
  // -x: exact numbers; the first column of a rule line is its packet count.
  const count = async (chain: string, target: string) => {
    const text = await netnsExec(side.name, iptables, ['-n', '-v', '-x', '-L', chain]);
    const line = text.split('\n').find((l) => new RegExp(`\\b${target}\\b`).test(l));
    return Number(line?.trim().split(/\s+/)[0] ?? 0);
  };
  return { queued: await count('OUTPUT', 'NFQUEUE'), dropped: await count('INPUT', 'DROP') };
}

async function netemCounters(side: NetnsSide, server: boolean): Promise<LinkCounters> {
  const text = await netnsExec(side.name, 'tc', ['-s', 'qdisc', 'show', 'dev', side.device]);
  const m = /Sent \d+ bytes (\d+) pkt \(dropped (\d+)/.exec(text);
  const sent = Number(m?.[1] ?? 0);
  const dropped = Number(m?.[2] ?? 0);
  return { direction: server ? 'server→client' : 'client→server', sent: sent + dropped, dropped };
}
