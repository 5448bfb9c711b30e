// Small readers for header values the rules compare: delta-seconds, URIs as binding keys,
// Authorization parameters, telephone numbers. Tolerant: undefined instead of throwing.
import type { NameAddr, SipUriParts } from '../sip/sip-document';
import type { TraceMessage } from './trace-model';
import { parseDeltaSeconds } from '../sip/delta-seconds';

export { parseDeltaSeconds };

export function retryAfterSeconds(msg: TraceMessage): number | undefined {
  return parseDeltaSeconds(msg.doc.first('retry-after'));
}

/** user@host:port in lower case (host only), without parameters: how a binding or AoR is named. */
export function uriKey(uri: SipUriParts | undefined, fallback = ''): string {
  if (!uri) return fallback.toLowerCase();
  const user = uri.user ? `${uri.user}@` : '';
  const port = uri.port !== undefined ? `:${uri.port}` : '';
  return `${user}${uri.host.toLowerCase()}${port}`;
}

/** The address-of-record of a REGISTER (RFC 3261 §10.2: the To header field). */
export function aorOf(msg: TraceMessage): string {
  const to = msg.doc.to;
  if (!to) return '(no To)';
  if (!to.uri) return to.uriText.toLowerCase();
  return `${to.uri.user ? `${to.uri.user}@` : ''}${to.uri.host.toLowerCase()}`;
}

export function contactKey(contact: NameAddr | undefined): string {
  if (!contact) return '(no Contact)';
  if (contact.uriText.trim() === '*') return '*';
  return uriKey(contact.uri, contact.uriText);
}

/** The host and port a Contact points at (a binding's location), e.g. "192.0.2.1:5060". */
export function contactHostPort(contact: NameAddr): string | undefined {
  if (!contact.uri) return undefined;
  return `${contact.uri.host.toLowerCase()}:${contact.uri.port ?? 5060}`;
}

/** A request's own Via (the top one) names the sender; RFC 3261 §8.1.1.7. */
export function topVia(msg: TraceMessage): TraceMessage['doc']['vias'][number] | undefined {
  return msg.doc.vias[0];
}

export function fromTag(msg: TraceMessage): string | undefined {
  return msg.doc.from?.tag;
}

export function toTag(msg: TraceMessage): string | undefined {
  return msg.doc.to?.tag;
}

/** The user part without tel-style parameters (";npdi", ";rn=…") and percent-escapes undone. */
export function userNumber(user: string | undefined): string | undefined {
  if (user === undefined) return undefined;
  const bare = user.split(';')[0] ?? '';
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

/** Digits only: "+1 (203) 555-0100" → "12035550100". */
export function digitsOf(text: string | undefined): string {
  return (text ?? '').replace(/\D/g, '');
}

/** Two numbers name the same line when their last ten digits agree (NANP with or without +1). */
export function sameNumber(a: string | undefined, b: string | undefined): boolean {
  const da = digitsOf(a);
  const db = digitsOf(b);
  if (da.length < 3 || db.length < 3) return false;
  const n = Math.min(10, da.length, db.length);
  return da.slice(-n) === db.slice(-n);
}

export interface AuthCredentials {
  /** As written, e.g. "Digest" or "Basic". */
  readonly scheme: string;
  /** Parameter names lower-cased, values unquoted. */
  readonly params: ReadonlyMap<string, string>;
  /** The token68 after Basic. */
  readonly token?: string;
}

/** Reads an Authorization / Proxy-Authorization value (RFC 3261 §25.1, RFC 7235 §2.1). */
export function parseCredentials(value: string): AuthCredentials {
  const m = /^\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*(.*)$/s.exec(value);
  const scheme = m?.[1] ?? '';
  const rest = m?.[2] ?? '';
  const params = new Map<string, string>();
  const paramRe = /([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)\s*,?/g;
  let found = false;
  for (const pm of rest.matchAll(paramRe)) {
    found = true;
    const raw = pm[2] ?? '';
    const unquoted = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    params.set((pm[1] ?? '').toLowerCase(), unquoted);
  }
  const token = !found && rest.trim() !== '' ? rest.trim() : undefined;
  return { scheme, params, token };
}

/** The digest username of a request that carries credentials (the registration's credential). */
export function credentialUser(msg: TraceMessage): string | undefined {
  const value = msg.doc.first('authorization') ?? msg.doc.first('proxy-authorization');
  if (value === undefined) return undefined;
  return parseCredentials(value).params.get('username');
}

export function hasCredentials(msg: TraceMessage): boolean {
  return msg.doc.first('authorization') !== undefined || msg.doc.first('proxy-authorization') !== undefined;
}
