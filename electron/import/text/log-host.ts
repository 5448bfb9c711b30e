// The address of the host that wrote a log. A PBX's log names only the far side of each message
// ("Received … from UDP:198.51.100.20:5060", "send … to udp/[198.51.100.20]:5060"); its own side is
// in the messages themselves:
//   - the top Via of a request it sent, and of a response it received, is its own sent-by
//     (RFC 3261 §18.1.1: the client puts its address there; §18.2.2: responses come back to it);
//   - the Contact of a message it sent is where it wants to be reached (§8.1.1.8, §12.1.1);
//   - the Request-URI of a request it received names it (§16.5 / §8.2.2.1) when it is an address.
// The most frequent of these is the log's own address: one ladder column, never 0.0.0.0:0.
import { addressScope } from '../../../shared/diagnostics/address-scope';
import { readNameAddr } from '../../../shared/sip/name-addr';
import { indexOutside } from '../../../shared/sip/split-outside';
import { readUri } from '../../../shared/sip/sip-uri';
import { readVia } from '../../../shared/sip/via';
import type { ImportedEndpoint, ImportedTransport } from '../imported-message';

export type LoggedWay = 'in' | 'out';

// RFC 3261 §19.1.2 / §18.2: a host without a port means 5060 (5061 for TLS).
function defaultPort(transport: ImportedTransport): number {
  return transport === 'tls' ? 5061 : 5060;
}

/** The value of the first header named `long` or its compact form (RFC 3261 §7.3.3), up to a comma. */
function firstValue(headerLines: readonly string[], long: string, compact: string): string | undefined {
  for (let k = 1; k < headerLines.length; k++) {
    const line = headerLines[k]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name !== long && name !== compact) continue;
    const value = line.slice(colon + 1);
    const comma = indexOutside(value, ',', 0, true);
    return comma < 0 ? value : value.slice(0, comma);
  }
  return undefined;
}

function endpointOf(host: string | undefined, port: number | undefined, transport: ImportedTransport) {
  if (host === undefined || host === '') return undefined;
  return { address: host, port: port ?? defaultPort(transport) };
}

/** What one message says about the address of the host that logged it. */
export function ownAddressClues(
  way: LoggedWay,
  headerLines: readonly string[],
  transport: ImportedTransport,
): ImportedEndpoint[] {
  const start = headerLines[0] ?? '';
  const response = start.startsWith('SIP/');
  const clues: ImportedEndpoint[] = [];
  const push = (e: ImportedEndpoint | undefined) => {
    if (e !== undefined) clues.push(e);
  };
  if ((way === 'out') !== response) {
    const via = firstValue(headerLines, 'via', 'v');
    if (via !== undefined) {
      const v = readVia(via).value;
      push(endpointOf(v.host, v.port, transport));
    }
  }
  if (way === 'out') {
    const contact = firstValue(headerLines, 'contact', 'm');
    const uri = contact === undefined ? undefined : readNameAddr(contact).value.uri;
    if (uri !== undefined && uri.scheme !== 'tel') push(endpointOf(uri.host, uri.port, transport));
  } else if (!response) {
    const target = start.split(' ')[1];
    const uri = target === undefined ? undefined : readUri(target).uri;
    if (uri !== undefined && uri.scheme !== 'tel' && addressScope(uri.host) !== 'name') {
      push(endpointOf(uri.host, uri.port, transport));
    }
  }
  return clues;
}

/** Counts the clues of every message; the winner is the log's own address. */
export class LogHost {
  private readonly counts = new Map<string, { endpoint: ImportedEndpoint; count: number }>();

  add(clues: readonly ImportedEndpoint[]): void {
    for (const e of clues) {
      const key = `${e.address.toLowerCase()} ${e.port}`;
      const entry = this.counts.get(key);
      if (entry !== undefined) entry.count++;
      else this.counts.set(key, { endpoint: e, count: 1 });
    }
  }

  /** The most frequent address, an IP literal before a host name; undefined when nothing said. */
  endpoint(): ImportedEndpoint | undefined {
    let best: { endpoint: ImportedEndpoint; count: number; literal: boolean } | undefined;
    for (const entry of this.counts.values()) {
      const literal = addressScope(entry.endpoint.address) !== 'name';
      if (
        best === undefined ||
        (literal && !best.literal) ||
        (literal === best.literal && entry.count > best.count)
      ) {
        best = { ...entry, literal };
      }
    }
    return best?.endpoint;
  }
}

/**
 * For a log that names both sides of every message (baresip's trace) but not which is its own:
 * the address found in every message is the host's. Undefined when none is (a sniffer's export).
 */
export function sideInEvery(
  messages: readonly { readonly src?: ImportedEndpoint; readonly dst?: ImportedEndpoint }[],
): ImportedEndpoint | undefined {
  const key = (e: ImportedEndpoint | undefined) => (e === undefined ? '' : `${e.address} ${e.port}`);
  const first = messages[0];
  if (first === undefined) return undefined;
  for (const candidate of [first.src, first.dst]) {
    if (candidate === undefined) continue;
    const k = key(candidate);
    if (messages.every((m) => key(m.src) === k || key(m.dst) === k)) return candidate;
  }
  return undefined;
}
