import { Resolver } from 'node:dns/promises';
import { requireBinary } from './binaries';
import { startProcess } from './child-process';
import { freeUdpPort } from './ports';

export interface SrvRecord {
  /** Full owner name, e.g. "_sip._udp.pbx.test". */
  name: string;
  target: string;
  port: number;
  priority: number;
  weight: number;
}

export interface AddressRecord {
  name: string;
  /** IPv4 (A) or IPv6 (AAAA) address. */
  address: string;
}

export interface NaptrRecord {
  name: string;
  order: number;
  preference: number;
  /** e.g. "S" */
  flags: string;
  /** e.g. "SIP+D2U" */
  service: string;
  regexp?: string;
  /** e.g. "_sip._udp.pbx.test" */
  replacement: string;
}

export interface StartDnsmasqOptions {
  srv?: readonly SrvRecord[];
  a?: readonly AddressRecord[];
  naptr?: readonly NaptrRecord[];
  port?: number;
  startTimeoutMs?: number;
}

export interface DnsmasqHandle {
  /** "127.0.0.1:PORT", ready for Resolver.setServers(). */
  readonly server: string;
  readonly port: number;
  readonly pid: number;
  /** dnsmasq's recent output (with --log-queries, one line per query and answer). */
  logs(): string[];
  stop(): Promise<void>;
}

// Commas separate dnsmasq option fields; nothing in a test fixture needs them.
function field(value: string | number, what: string): string {
  const text = String(value);
  if (text === '' || /[,\s]/.test(text))
    throw new Error(`dnsmasq ${what} ${JSON.stringify(text)} is empty or has , or spaces`);
  return text;
}

function recordArgs(opts: StartDnsmasqOptions): string[] {
  const args: string[] = [];
  for (const r of opts.srv ?? []) {
    args.push(
      `--srv-host=${[r.name, r.target, r.port, r.priority, r.weight].map((v) => field(v, 'SRV field')).join(',')}`,
    );
  }
  for (const r of opts.a ?? []) {
    args.push(`--host-record=${field(r.name, 'name')},${field(r.address, 'address')}`);
  }
  for (const r of opts.naptr ?? []) {
    const parts = [r.name, r.order, r.preference, r.flags, r.service, r.regexp ?? '', r.replacement];
    args.push(
      `--naptr-record=${parts.map((v, i) => (i === 5 ? String(v) : field(v, 'NAPTR field'))).join(',')}`,
    );
  }
  return args;
}

/** An authoritative-only DNS server on 127.0.0.1: the given records, NXDOMAIN for anything else. */
export async function startDnsmasq(opts: StartDnsmasqOptions = {}): Promise<DnsmasqHandle> {
  const binary = requireBinary('dnsmasq', 'dnsmasq');
  const port = opts.port ?? (await freeUdpPort('127.0.0.1'));
  const server = `127.0.0.1:${port}`;
  const proc = startProcess({
    name: 'dnsmasq',
    command: binary,
    args: [
      '--keep-in-foreground',
      // Ignore /etc/dnsmasq.conf and /etc/dnsmasq.d: the distribution's config must not leak in.
      '--conf-file=/dev/null',
      `--port=${port}`,
      '--listen-address=127.0.0.1',
      '--bind-interfaces',
      '--no-resolv',
      '--no-hosts',
      '--no-poll',
      '--no-negcache',
      '--log-queries',
      '--log-facility=-',
      '--pid-file=',
      '--user=root',
      // Every name is "local": answered from the records below or NXDOMAIN, never forwarded.
      '--local=/#/',
      ...recordArgs(opts),
    ],
  });

  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([server]);
  try {
    await proc.waitUntilReady(
      `a DNS query to ${server} answered`,
      async () => {
        try {
          await resolver.resolve4('sipkit-readiness-probe.invalid');
          return true;
        } catch (err) {
          // NXDOMAIN is an answer; refused connections and timeouts mean not listening yet.
          return (err as NodeJS.ErrnoException).code === 'ENOTFOUND';
        }
      },
      opts.startTimeoutMs ?? 10_000,
    );
  } catch (err) {
    await proc.stop();
    throw err;
  }

  let stopped: Promise<void> | undefined;
  return {
    server,
    port,
    pid: proc.pid,
    logs: () => proc.recentOutput(),
    stop() {
      stopped ??= proc.stop().then(() => undefined);
      return stopped;
    },
  };
}
