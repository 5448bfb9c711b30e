// Addresses and transports as the loggers print them: "10.0.0.5:5060", "[2001:db8::5]:5060",
// sngrep's unbracketed "2001:db8::5:5060", and transport words such as "UDP" or "wss".
import type { ImportedEndpoint, ImportedTransport } from '../imported-message';

export interface EndpointText {
  readonly endpoint?: ImportedEndpoint;
  /** The text named an address but no port (kept out of the endpoint rather than guessed). */
  readonly portless?: string;
}

export function readEndpoint(text: string): EndpointText {
  const s = text.trim();
  if (s === '') return {};
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return {};
    const address = s.slice(1, close);
    const port = portOf(s.slice(close + 1).replace(/^:/, ''));
    return port === undefined ? { portless: address } : { endpoint: { address, port } };
  }
  const last = s.lastIndexOf(':');
  if (last < 0) return { portless: s };
  const first = s.indexOf(':');
  const port = portOf(s.slice(last + 1));
  // One colon: host:port. Several: an IPv6 address, whose last group is the port only when
  // it reads as one and the rest still holds a '::' or seven colons (sngrep prints them so).
  if (first !== last && port !== undefined) {
    const address = s.slice(0, last);
    const colons = address.split(':').length - 1;
    if (!address.includes('::') && colons < 7) return { portless: s };
    return { endpoint: { address, port } };
  }
  if (first !== last) return { portless: s };
  return port === undefined
    ? { portless: s.slice(0, last) }
    : { endpoint: { address: s.slice(0, last), port } };
}

function portOf(s: string): number | undefined {
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** "UDP", "tcp", "TLS", "WS", "WSS" → the transport underneath; anything else is unknown. */
export function transportOf(word: string | undefined): ImportedTransport {
  switch (word?.toLowerCase()) {
    case 'udp':
      return 'udp';
    case 'tcp':
    case 'ws': // WebSocket runs over TCP (RFC 7118)
      return 'tcp';
    case 'tls':
    case 'wss':
      return 'tls';
    default:
      return 'unknown';
  }
}

/** The transport named by the message's top Via (RFC 3261 §18.2.2: replies go back the same way). */
export function topViaTransport(messageLines: readonly string[]): ImportedTransport {
  for (const line of messageLines) {
    const m = /^(?:via|v)[ \t]*:[ \t]*SIP[ \t]*\/[ \t]*2\.0[ \t]*\/[ \t]*([A-Za-z]+)/i.exec(line);
    if (m !== null) return transportOf(m[1]);
  }
  return 'unknown';
}
