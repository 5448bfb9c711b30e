// Reading a URI tolerantly: SIP-URI / SIPS-URI (RFC 3261 §19.1.1, §25) and tel (RFC 3966). A
// URI with no scheme ("2032625093@host", as in the IP-trunk guide's sample INVITE) still
// yields its user and host, with scheme '', so the rules can read the From host of a damaged
// trace; the caller reports the missing scheme.
import type { SipUriParts } from './sip-document';
import { readHostPort } from './host-port';
import { parseParams } from './sip-params';

export interface UriReading {
  /** Undefined when nothing usable is left (no host, or a scheme other than sip/sips/tel). */
  readonly uri?: SipUriParts;
  /** The text has no "scheme:" at all. */
  readonly schemeMissing: boolean;
  /** What is wrong besides a missing scheme, one sentence each. */
  readonly faults: readonly string[];
}

// RFC 3261 §25: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
const KNOWN_SCHEMES: ReadonlySet<string> = new Set(['sip', 'sips', 'tel']);

function schemeEnd(text: string): number {
  const colon = text.indexOf(':');
  if (colon <= 0) return -1;
  const first = text.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return -1;
  for (let i = 1; i < colon; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c >= 48 && c <= 57) ||
      c === 43 ||
      c === 45 ||
      c === 46;
    if (!ok) return -1;
  }
  // The schemes SIP carries are schemes whatever follows: "tel:9171969136" is a number, not host
  // "tel" with a port (RFC 3966; P-Asserted-Identity often lists one beside a sip: URI, RFC 3325).
  if (KNOWN_SCHEMES.has(text.slice(0, colon).toLowerCase())) return colon;
  // "host.example.com:5060" has the shape of a scheme but is a host and port.
  const at = text.indexOf('@');
  if (at >= 0 && at < colon) return -1;
  const after = text.slice(colon + 1);
  const semi = after.indexOf(';');
  if (/^\d+$/.test(semi < 0 ? after : after.slice(0, semi))) return -1;
  return colon;
}

export function readUri(text: string): UriReading {
  const t = text.trim();
  if (t === '') return { schemeMissing: false, faults: ['the URI is empty'] };
  const end = schemeEnd(t);
  if (end < 0) return readSipLike('', t, true);
  const scheme = t.slice(0, end).toLowerCase();
  const rest = t.slice(end + 1);
  // The literal, not the slice: a trace keeps one scheme per URI, and nearly all are 'sip'.
  if (scheme === 'sip' || scheme === 'sips')
    return readSipLike(scheme === 'sip' ? 'sip' : 'sips', rest, false);
  if (scheme === 'tel') return readTel(rest);
  return { schemeMissing: false, faults: [`scheme '${t.slice(0, end)}:' is not sip:, sips: or tel:`] };
}

// §19.1.1: sip:user:password@host:port;uri-parameters?headers
function readSipLike(scheme: string, rest: string, schemeMissing: boolean): UriReading {
  const faults: string[] = [];
  const qm = rest.indexOf('?');
  const main = qm < 0 ? rest : rest.slice(0, qm);
  const at = main.indexOf('@');
  let user: string | undefined;
  if (at >= 0) {
    const userinfo = main.slice(0, at);
    const colon = userinfo.indexOf(':');
    user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (user === '') faults.push("the URI has an '@' but no user before it");
  }
  const hostAndParams = at < 0 ? main : main.slice(at + 1);
  const semi = hostAndParams.indexOf(';');
  const hostPort = readHostPort(semi < 0 ? hostAndParams : hostAndParams.slice(0, semi));
  faults.push(...hostPort.faults);
  if (hostPort.host === '') {
    faults.push(at >= 0 ? "the URI has no host after '@'" : 'the URI has no host');
    return { schemeMissing, faults };
  }
  const params = parseParams(semi < 0 ? '' : hostAndParams.slice(semi + 1));
  const uri: SipUriParts = {
    scheme,
    ...(user !== undefined && user !== '' ? { user } : {}),
    host: hostPort.host,
    ...(hostPort.port !== undefined ? { port: hostPort.port } : {}),
    params,
  };
  return { uri, schemeMissing, faults };
}

// RFC 3966: tel:+15551230000;phone-context=… — the number goes in `user`; there is no host.
function readTel(rest: string): UriReading {
  const semi = rest.indexOf(';');
  const number = (semi < 0 ? rest : rest.slice(0, semi)).trim();
  if (number === '') return { schemeMissing: false, faults: ['the tel: URI has no number'] };
  const params = parseParams(semi < 0 ? '' : rest.slice(semi + 1));
  return { uri: { scheme: 'tel', user: number, host: '', params }, schemeMissing: false, faults: [] };
}
