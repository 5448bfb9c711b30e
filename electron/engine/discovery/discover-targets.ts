// RFC 3263 server location: turns what the user typed into every address:port a SIP request
// to that server may go to, in the order to try them. A provider that puts two regions behind
// one SRV name yields one target per region, so `--all-targets` can register to each.
//
// NAPTR (RFC 3263 §4.1) is out of scope: trunk providers publish SRV and A records, and the
// transport is the user's choice (UDP unless told otherwise), so discovery starts at SRV for
// that one transport.
import { isIP } from 'node:net';
import type { TransportName } from '../../../shared/trace-types';
import type { DnsClient, SrvRecord } from './dns-client';
import { toDnsLookupError, type DnsLookupError } from './dns-errors';
import type { Discovery, SipTarget, TargetSource } from './discovery-types';
import { lookupAddresses, type AddressLookup } from './lookup-addresses';
import { formatServerSpec, parseServerSpec, type ServerSpec } from './parse-server';
import { orderSrv } from './srv-order';

export interface DiscoverOptions {
  readonly dns: DnsClient;
  /** Used when the server names no ";transport="; UDP when neither does (RFC 3263 §4.1). */
  readonly transport?: TransportName;
  /** For the RFC 2782 weighted order; Math.random unless a test pins it. */
  readonly random?: () => number;
}

/** RFC 3261 §19.1.2: the default port of SIP over UDP and TCP. */
const DEFAULT_SIP_PORT = 5060;

export async function discoverTargets(
  server: string | ServerSpec,
  opts: DiscoverOptions,
): Promise<Discovery> {
  const spec = typeof server === 'string' ? parseServerSpec(server) : server;
  const input = typeof server === 'string' ? server.trim() : formatServerSpec(server);
  const steps: string[] = [];
  const transport = chooseTransport(spec, opts.transport, steps);
  const targets: SipTarget[] = [];
  const add = (target: SipTarget): void => addOnce(targets, steps, target);
  const done = (): Discovery => ({ input, targets, steps });

  // RFC 3263 §4.2: "If TARGET is a numeric IP address, the client uses that address. If the
  // URI also contains a port, it uses that port. If no port is specified, it uses the default
  // port for the particular transport protocol."
  if (isIP(spec.host) !== 0) {
    const port = spec.port ?? DEFAULT_SIP_PORT;
    steps.push(`${spec.host} is an IP address: no DNS lookup, port ${port}`);
    add({ host: spec.host, address: spec.host, port, transport, source: 'ip' });
    return done();
  }

  // RFC 3263 §4.2: "If the TARGET was not a numeric IP address, but a port is present in the
  // URI, the client performs an A or AAAA record lookup of the domain name. [...] This is a
  // change from RFC 2543. Previously, if the port was explicit, but with a value of 5060, SRV
  // records were used. Now, A or AAAA records will be used."
  if (spec.port !== undefined) {
    steps.push(`${spec.host} has an explicit port (${spec.port}): A/AAAA only, no SRV (RFC 3263 §4.2)`);
    const lookup = await lookupAddresses(opts.dns, spec.host);
    steps.push(...lookup.steps);
    addressTargets(lookup, spec.host, spec.port, transport).forEach(add);
    if (targets.length === 0) throw noServer(input, [lookup.failure]);
    return done();
  }

  // RFC 3263 §4.2: "If it was not [NAPTR processing], because a transport was specified
  // explicitly, the client performs an SRV query for that specific transport, [...] it uses
  // "_sip". [...] the procedures of RFC 2782, as described in the section titled "Usage
  // rules" are followed".
  const query = `_sip._${transport}.${spec.host}`;
  const srv = await lookupSrv(opts.dns, query);
  if ('records' in srv) {
    const failure = await srvTargets(opts, query, srv.records, transport, steps, add);
    if (targets.length === 0) throw noServer(input, [failure]);
    return done();
  }

  // RFC 3263 §4.2: "If no SRV records were found, the client performs an A or AAAA record
  // lookup of the domain name. The result will be a list of IP addresses, each of which can be
  // contacted using the transport protocol determined previously, at the default port for that
  // transport."
  // A DNS server that fails the SRV query (rather than saying there is none) gets the same
  // fallback: the A record is what the provider's guide gives for SRV-less clients anyway.
  steps.push(`SRV ${query} → ${srv.error.reason}; trying A/AAAA of ${spec.host} at port ${DEFAULT_SIP_PORT}`);
  const lookup = await lookupAddresses(opts.dns, spec.host);
  steps.push(...lookup.steps);
  addressTargets(lookup, spec.host, DEFAULT_SIP_PORT, transport).forEach(add);
  if (targets.length === 0) {
    const srvFailure = srv.error.notFound ? `no SRV record ${query}` : `SRV ${query}: ${srv.error.reason}`;
    throw noServer(input, [srvFailure, lookup.failure]);
  }
  return done();
}

function chooseTransport(
  spec: ServerSpec,
  requested: TransportName | undefined,
  steps: string[],
): TransportName {
  // RFC 3263 §4.1: "If the URI specifies a transport protocol in the transport parameter, that
  // transport protocol SHOULD be used." Otherwise the caller's choice, else UDP: "the client
  // SHOULD use UDP for a SIP URI".
  if (spec.transport !== undefined && requested !== undefined && spec.transport !== requested) {
    steps.push(`transport=${spec.transport} in the server address overrides the requested ${requested}`);
  }
  return spec.transport ?? requested ?? 'udp';
}

type SrvAnswer = { readonly records: readonly SrvRecord[] } | { readonly error: DnsLookupError };

async function lookupSrv(dns: DnsClient, query: string): Promise<SrvAnswer> {
  try {
    const records = await dns.resolveSrv(query);
    if (records.length === 0) return { error: toDnsLookupError('SRV', query, { code: 'ENODATA' }) };
    return { records };
  } catch (err) {
    return { error: toDnsLookupError('SRV', query, err) };
  }
}

async function srvTargets(
  opts: DiscoverOptions,
  query: string,
  records: readonly SrvRecord[],
  transport: TransportName,
  steps: string[],
  add: (target: SipTarget) => void,
): Promise<string> {
  // RFC 2782: "A Target of "." means that the service is decidedly not available at this
  // domain." Node reports that target as an empty name.
  const usable = records
    .map((r) => ({ ...r, name: r.name.toLowerCase().replace(/\.$/, '') }))
    .filter((r) => r.name !== '');
  if (usable.length === 0) {
    steps.push(`SRV ${query} → target "." (SIP over ${transport} is not offered there)`);
    return `SRV ${query} says SIP over ${transport} is not offered there`;
  }
  const ordered = orderSrv(usable, opts.random);
  const count = ordered.length === 1 ? '1 record' : `${ordered.length} records`;
  const list = ordered.map((r) => `${r.name}:${r.port} (priority ${r.priority}, weight ${r.weight})`);
  steps.push(`SRV ${query} → ${count}, in the order to try (RFC 2782): ${list.join(', ')}`);
  if (usable.length < records.length) steps.push(`SRV ${query} also has a "." target: ignored`);

  // RFC 3263 §4.2 leaves each SRV target to be resolved to "A or AAAA"; all of them are
  // queried at once, then taken in SRV order so the targets keep the RFC 2782 order.
  const lookups = await Promise.all(
    ordered.map((r) => (isIP(r.name) !== 0 ? undefined : lookupAddresses(opts.dns, r.name))),
  );
  const failures: string[] = [];
  ordered.forEach((record, i) => {
    const lookup = lookups[i];
    const srvFields = { priority: record.priority, weight: record.weight };
    if (lookup === undefined) {
      // RFC 2782 wants a name here, but some providers publish an address; use it as is.
      steps.push(`SRV target ${record.name} is an IP address: used as is`);
      add({
        host: record.name,
        address: record.name,
        port: record.port,
        transport,
        source: 'srv',
        ...srvFields,
      });
      return;
    }
    steps.push(...lookup.steps);
    if (lookup.failure !== undefined) failures.push(lookup.failure);
    addressTargets(lookup, record.name, record.port, transport, true).forEach((t) =>
      add({ ...t, ...srvFields }),
    );
  });
  // Only read when no target resolved: says what each SRV target lacked.
  const names = ordered.map((r) => r.name).join(', ');
  return `SRV ${query} lists ${names}, but none of them resolved: ${failures.join(', ')}`;
}

/** IPv4 first: most PBXs and trunks are reached over IPv4, so that is the better first try. */
function addressTargets(
  lookup: AddressLookup,
  host: string,
  port: number,
  transport: TransportName,
  fromSrv = false,
): SipTarget[] {
  const target = (address: string, source: TargetSource): SipTarget => ({
    host,
    address,
    port,
    transport,
    source,
  });
  return [
    ...lookup.v4.map((address) => target(address, fromSrv ? 'srv' : 'a')),
    ...lookup.v6.map((address) => target(address, fromSrv ? 'srv' : 'aaaa')),
  ];
}

/** Alias names (two SRV targets, or a CNAME-like pair) can lead to one server: keep it once. */
function addOnce(targets: SipTarget[], steps: string[], target: SipTarget): void {
  const key = endpointKey(target);
  const first = targets.find((t) => endpointKey(t) === key);
  if (first === undefined) {
    targets.push(target);
    return;
  }
  const endpoint =
    isIP(target.address) === 6 ? `[${target.address}]:${target.port}` : `${target.address}:${target.port}`;
  const via = first.host === target.host ? `${target.host} again` : `${target.host} and ${first.host}`;
  steps.push(`${endpoint} is reached via ${via}: kept once`);
}

function endpointKey(target: SipTarget): string {
  return `${target.address.toLowerCase()}|${target.port}|${target.transport}`;
}

function noServer(input: string, reasons: readonly (string | undefined)[]): Error {
  const why = reasons.filter((r): r is string => r !== undefined && r !== '');
  return new Error(`no SIP server found for ${input}: ${why.join(', ')}`);
}
