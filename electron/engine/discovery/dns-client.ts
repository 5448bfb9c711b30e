// The DNS lookups discovery needs, behind an interface so unit tests inject a fake DNS and the
// integration test points a real resolver at a local dnsmasq (e.g. '127.0.0.1:5353').
import { Resolver } from 'node:dns/promises';
import { toDnsLookupError } from './dns-errors';

/** One SRV resource record (RFC 2782): `name` is the target host. */
export interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/**
 * Record lookups. Implementations reject with a DnsLookupError (see dns-errors.ts) so callers
 * can tell a missing record from a DNS server that is down.
 */
export interface DnsClient {
  resolveSrv(name: string): Promise<readonly SrvRecord[]>;
  resolve4(name: string): Promise<readonly string[]>;
  resolve6(name: string): Promise<readonly string[]>;
}

export interface DnsClientOptions {
  /** DNS servers as 'address' or 'address:port' ('127.0.0.1:5353', '[::1]:5353'). */
  readonly servers?: readonly string[];
  /** Per-try timeout. A test tool must not hang on a dead DNS server. */
  readonly timeoutMs?: number;
  /** Attempts per server before giving up. */
  readonly tries?: number;
  /** Where SIPKIT_DNS_SERVER is read from; process.env unless a test says otherwise. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface NodeDnsClient extends DnsClient {
  /** The servers queried; empty means the system resolver (/etc/resolv.conf). */
  readonly servers: readonly string[];
}

export const DNS_SERVER_ENV = 'SIPKIT_DNS_SERVER';
const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_TRIES = 2;

/**
 * Which DNS servers to use: the explicit list, else SIPKIT_DNS_SERVER (comma-separated), else
 * none (the system resolver).
 */
export function chooseDnsServers(
  servers: readonly string[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
): readonly string[] {
  const explicit = (servers ?? []).map((s) => s.trim()).filter((s) => s !== '');
  if (explicit.length > 0) return explicit;
  const fromEnv = env[DNS_SERVER_ENV];
  if (fromEnv === undefined) return [];
  return fromEnv
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function createDnsClient(opts: DnsClientOptions = {}): NodeDnsClient {
  const servers = chooseDnsServers(opts.servers, opts.env ?? process.env);
  const resolver = new Resolver({
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    tries: opts.tries ?? DEFAULT_TRIES,
  });
  if (servers.length > 0) {
    try {
      resolver.setServers([...servers]);
    } catch {
      const list = servers.map((s) => `"${s}"`).join(', ');
      throw new Error(
        `${list} is not a valid DNS server list: use IP addresses, optionally with a port (127.0.0.1:5353)`,
      );
    }
  }
  return {
    servers,
    async resolveSrv(name) {
      try {
        return await resolver.resolveSrv(name);
      } catch (err) {
        throw toDnsLookupError('SRV', name, err);
      }
    },
    async resolve4(name) {
      try {
        return await resolver.resolve4(name);
      } catch (err) {
        throw toDnsLookupError('A', name, err);
      }
    },
    async resolve6(name) {
      try {
        return await resolver.resolve6(name);
      } catch (err) {
        throw toDnsLookupError('AAAA', name, err);
      }
    },
  };
}
