// Who a call is between, as sngrep's call list shows it: the user@host of the From and To URIs.
// Read tolerantly: a header the parser could not make into a URI (no scheme, a missing '<') still
// names its party, so a damaged INVITE is listed by who sent it, not as blank.
import type { NameAddr } from '../../shared/sip/sip-document';

/** "1001@pbx.example.com", "pbx.example.com", or '' when the header is absent. */
export function partyOf(addr: NameAddr | undefined, rawValue: string | undefined): string {
  const uri = addr?.uri;
  if (uri !== undefined) return userAtHost(uri.user ?? '', uri.host);
  return looseUserHost(addr?.uriText ?? rawValue ?? '');
}

/** A tel: URI (RFC 3966) has a number and no host; an IPv6 host is written in brackets (RFC 3261 §25.1). */
function userAtHost(user: string, host: string): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  if (user === '') return h;
  return h === '' ? user : `${user}@${h}`;
}

/** The user@host inside whatever the header holds: display name, brackets, scheme, params and port dropped. */
export function looseUserHost(text: string): string {
  let t = text.trim();
  const open = t.indexOf('<');
  if (open >= 0) t = t.slice(open + 1);
  const close = t.indexOf('>');
  if (close >= 0) t = t.slice(0, close);
  t = t.replace(/^\s*(?:sips?|tel):/i, '');
  const semi = t.indexOf(';');
  if (semi >= 0) t = t.slice(0, semi);
  const at = t.lastIndexOf('@');
  const user = at >= 0 ? t.slice(0, at) : '';
  const host = withoutPort(at >= 0 ? t.slice(at + 1) : t);
  return userAtHost(user.trim(), host.trim());
}

function withoutPort(hostPort: string): string {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return end < 0 ? hostPort : hostPort.slice(0, end + 1);
  }
  const colon = hostPort.indexOf(':');
  // More than one colon without brackets is a bare IPv6 address, not host:port.
  return colon >= 0 && hostPort.indexOf(':', colon + 1) < 0 ? hostPort.slice(0, colon) : hostPort;
}
