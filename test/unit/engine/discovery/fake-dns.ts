// A DnsClient that answers from a table, fails the way node:dns fails (an Error with a code),
// and records what it was asked, so discovery tests need no network.
import type { DnsClient, SrvRecord } from '../../../../electron/engine/discovery/dns-client';

export interface FakeZone {
  readonly srv?: Readonly<Record<string, readonly SrvRecord[]>>;
  readonly a?: Readonly<Record<string, readonly string[]>>;
  readonly aaaa?: Readonly<Record<string, readonly string[]>>;
  /** "SRV name" / "A name" / "AAAA name" → node:dns error code, e.g. 'ETIMEOUT'. */
  readonly errors?: Readonly<Record<string, string>>;
}

export interface FakeDns extends DnsClient {
  /** "SRV _sip._udp.x", "A x", ... in the order asked. */
  readonly asked: string[];
}

export function createFakeDns(zone: FakeZone): FakeDns {
  const asked: string[] = [];
  const answer = <T>(
    rrtype: string,
    name: string,
    table: Readonly<Record<string, readonly T[]>> | undefined,
  ) => {
    const key = `${rrtype} ${name}`;
    asked.push(key);
    const code = zone.errors?.[key];
    if (code !== undefined) return Promise.reject(nodeDnsError(code, rrtype, name));
    const records = table?.[name];
    if (records === undefined) return Promise.reject(nodeDnsError('ENOTFOUND', rrtype, name));
    return Promise.resolve([...records]);
  };
  return {
    asked,
    resolveSrv: (name) => answer('SRV', name, zone.srv),
    resolve4: (name) => answer('A', name, zone.a),
    resolve6: (name) => answer('AAAA', name, zone.aaaa),
  };
}

/** Shaped like the errors of node:dns/promises. */
function nodeDnsError(code: string, rrtype: string, name: string): Error {
  return Object.assign(new Error(`query${rrtype} ${code} ${name}`), { code, hostname: name });
}

export function srv(name: string, port: number, priority: number, weight: number): SrvRecord {
  return { name, port, priority, weight };
}

/** mulberry32: a small seeded PRNG, so statistical tests give the same result every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns the given numbers in turn, then the last one forever. */
export function randomSequence(...values: readonly number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
}
