// Reads the server a user typed ("pbx.example.com", "10.0.0.5:5070", "[2001:db8::1]:5060",
// "sip:reg.example.com;transport=tcp") into host, port and transport.
import { isIP, isIPv6 } from 'node:net';
import type { TransportName } from '../../../shared/trace-types';

export interface ServerSpec {
  /** An IP address (IPv6 without brackets) or a lower-case host name without a trailing dot. */
  readonly host: string;
  /** Only when the user gave one: RFC 3263 §4.2 skips SRV when a port is given. */
  readonly port?: number;
  /** Only when the user gave one (";transport=tcp"). */
  readonly transport?: TransportName;
}

const SCHEME = /^(sips?):/i;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

export function parseServerSpec(input: string): ServerSpec {
  const fail = (reason: string): Error => new Error(`"${input}" is not a valid server: ${reason}`);
  let rest = input.trim();
  if (rest === '') throw fail('it is empty');

  // "sip:5060" is more likely the host "sip" with a port than a URI with no host.
  const scheme = SCHEME.exec(rest);
  const isUri = scheme !== null && !/^sips?:\d+$/i.test(rest);
  if (isUri) {
    if (scheme[1]?.toLowerCase() === 'sips') {
      throw fail('sips: needs TLS, and SIP Field Kit speaks UDP and TCP only (use sip:)');
    }
    rest = rest.slice(scheme[0].length);
    // A URI may carry headers ("?subject=x") and a user ("alice@"): neither names the server.
    rest = rest.split('?')[0] ?? '';
    const at = rest.lastIndexOf('@');
    if (at >= 0) rest = rest.slice(at + 1);
  }

  const [hostPort = '', ...params] = rest.split(';');
  const transport = parseTransport(params, fail);
  const { host, port } = splitHostPort(hostPort.trim(), fail);
  return {
    host: checkHost(host, fail),
    ...(port === undefined ? {} : { port }),
    ...(transport === undefined ? {} : { transport }),
  };
}

/** The spec back as text, the way a user would type it. */
export function formatServerSpec(spec: ServerSpec): string {
  const host = isIPv6(spec.host) && spec.port !== undefined ? `[${spec.host}]` : spec.host;
  const port = spec.port === undefined ? '' : `:${spec.port}`;
  const transport = spec.transport === undefined ? '' : `;transport=${spec.transport}`;
  return `${host}${port}${transport}`;
}

/**
 * The server as the host part of a Request-URI or To (RFC 3261 §19.1.1): the port only when it is
 * not the default 5060, so "pbx.example.com" stays what the PBX calls itself.
 */
export function uriHostOf(spec: ServerSpec): string {
  return spec.port !== undefined && spec.port !== 5060 ? `${spec.host}:${spec.port}` : spec.host;
}

type Fail = (reason: string) => Error;

function parseTransport(params: readonly string[], fail: Fail): TransportName | undefined {
  let transport: TransportName | undefined;
  for (const param of params) {
    const [name = '', value = ''] = param.split('=', 2).map((s) => s.trim().toLowerCase());
    if (name !== 'transport') continue; // other URI parameters (lr, user=phone) do not matter here
    if (value === 'udp' || value === 'tcp') transport = value;
    else if (value === '') throw fail('transport= needs a value: udp or tcp');
    else throw fail(`transport=${value} is not supported: use udp or tcp`);
  }
  return transport;
}

function splitHostPort(hostPort: string, fail: Fail): { host: string; port?: number } {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) throw fail('the "[" of the IPv6 address is not closed');
    const host = hostPort.slice(1, close);
    if (!isIPv6(host)) throw fail(`"${host}" in brackets is not an IPv6 address`);
    const after = hostPort.slice(close + 1);
    if (after === '') return { host };
    if (!after.startsWith(':')) throw fail('only ":port" may follow the "]" of an IPv6 address');
    return { host, port: parsePort(after.slice(1), fail) };
  }
  const colons = hostPort.split(':').length - 1;
  if (colons >= 2) {
    if (isIPv6(hostPort)) return { host: hostPort };
    throw fail('an IPv6 address with a port goes in brackets, like [2001:db8::1]:5060');
  }
  if (colons === 1) {
    const [host = '', port = ''] = hostPort.split(':');
    return { host, port: parsePort(port, fail) };
  }
  return { host: hostPort };
}

function parsePort(text: string, fail: Fail): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw fail('the port must be a number from 1 to 65535');
  return port;
}

function checkHost(raw: string, fail: Fail): string {
  if (raw === '') throw fail('the host is missing');
  if (isIP(raw) !== 0) return raw.toLowerCase();
  if (/^[\d.]+$/.test(raw)) throw fail(`"${raw}" is not an IPv4 address`);
  // Host names compare case-insensitively (RFC 4343); a trailing dot only marks them absolute.
  const name = raw.toLowerCase().replace(/\.$/, '');
  const ok = name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label));
  if (!ok) throw fail(`"${raw}" is not a valid host name`);
  return name;
}
