// hostport (RFC 3261 §25): host [ ":" port ], where host = hostname / IPv4address /
// IPv6reference and IPv6reference = "[" IPv6address "]". Shared by URIs and Via sent-by.
import { isHostName, isIpv6, readPort } from './sip-token';

export interface HostPort {
  /** '' when there is none; an IPv6 address without its brackets. */
  readonly host: string;
  readonly port?: number;
  readonly faults: readonly string[];
}

export function readHostPort(text: string): HostPort {
  const s = text.trim();
  if (s === '') return { host: '', faults: [] };
  const faults: string[] = [];
  let host: string;
  let portText: string | undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return { host: s.slice(1), faults: [`IPv6 reference '${s}' has no closing ']'`] };
    host = s.slice(1, close);
    if (!isIpv6(host)) faults.push(`'${host}' in [ ] is not an IPv6 address`);
    const rest = s.slice(close + 1);
    if (rest.startsWith(':')) portText = rest.slice(1);
    else if (rest !== '') faults.push(`unexpected '${rest}' after the host`);
  } else {
    const colon = s.indexOf(':');
    if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
      // Several colons: an IPv6 address written without the brackets §25 requires, so the
      // port (if any) cannot be told apart. Keep it all as the host.
      return { host: s, faults: [`IPv6 address '${s}' must be written in [ ] (RFC 3261 §25 IPv6reference)`] };
    }
    host = colon < 0 ? s : s.slice(0, colon).trim();
    if (colon >= 0) portText = s.slice(colon + 1).trim();
    if (host === '') return { host, faults: [] };
    if (!isHostName(host)) faults.push(`host '${host}' is not a host name or IP address`);
  }
  if (portText === undefined) return { host, faults };
  const port = readPort(portText);
  if (port === undefined) {
    faults.push(`port '${portText}' is not a number from 1 to 65535`);
    return { host, faults };
  }
  return { host, port, faults };
}
