// Is an address reachable from the internet? The ranges that betray NAT in a Via, a Contact or an
// SDP c= line. Pure string arithmetic (no node:net) because the rules also run in the browser.
import { bracketed } from '../sip/address-text';

export type AddressScope =
  | 'public'
  /** RFC 1918 (IPv4) or RFC 4193 unique local fc00::/7 (IPv6). */
  | 'private'
  /** RFC 6598 100.64.0.0/10: carrier-grade NAT, private to the ISP. */
  | 'cgnat'
  | 'loopback'
  /** 169.254.0.0/16, fe80::/10: never routed. */
  | 'link-local'
  /** 0.0.0.0 or :: */
  | 'unspecified'
  /** Not an IP literal: a host name. */
  | 'name';

/** Unwraps [v6] and ::ffff:a.b.c.d so an IPv4 peer seen on a dual-stack socket compares equal. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return (mapped?.[1] ?? trimmed).toLowerCase();
}

export function sameAddress(a: string, b: string): boolean {
  return normalizeAddress(a) === normalizeAddress(b);
}

function ipv4Octets(address: string): readonly number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) return undefined;
  const octets = [m[1], m[2], m[3], m[4]].map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function ipv4Scope(o: readonly number[]): AddressScope {
  const [a = 0, b = 0, c = 0, d = 0] = o;
  if (a === 0 && b === 0 && c === 0 && d === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'cgnat';
  if (a === 169 && b === 254) return 'link-local';
  return 'public';
}

function ipv6Scope(address: string): AddressScope {
  if (/^(0{0,4}:){2,7}0{0,4}$/.test(address) || address === '::') return 'unspecified';
  if (address === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(address)) return 'loopback';
  if (/^f[cd][0-9a-f]{0,2}:/.test(address)) return 'private';
  if (/^fe[89ab][0-9a-f]?:/.test(address)) return 'link-local';
  return 'public';
}

export function addressScope(address: string): AddressScope {
  const bare = normalizeAddress(address);
  const v4 = ipv4Octets(bare);
  if (v4) return ipv4Scope(v4);
  if (bare.includes(':') && /^[0-9a-f:.]+$/.test(bare)) return ipv6Scope(bare);
  return 'name';
}

/** Private, CGNAT, loopback or link-local: an address the far end of an internet call cannot reach. */
export function isNonRoutable(address: string): boolean {
  const scope = addressScope(address);
  return scope === 'private' || scope === 'cgnat' || scope === 'loopback' || scope === 'link-local';
}

const SCOPE_WORDS: Readonly<Record<AddressScope, string>> = {
  public: 'a public address',
  private: 'a private (RFC 1918) address',
  cgnat: 'a carrier-grade NAT address (100.64.0.0/10)',
  loopback: 'a loopback address',
  'link-local': 'a link-local address',
  unspecified: 'the unspecified address',
  name: 'a host name',
};

export function describeScope(address: string): string {
  return SCOPE_WORDS[addressScope(address)];
}

/** "1.2.3.4:5060", "[2001:db8::1]:5060" or "1.2.3.4" → address and optional port. */
export function splitHostPort(text: string): { readonly address: string; readonly port?: number } {
  const t = text.trim();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (v6) return { address: normalizeAddress(v6[1] ?? ''), port: v6[2] ? Number(v6[2]) : undefined };
  const v4 = /^([^:]+):(\d+)$/.exec(t);
  if (v4) return { address: normalizeAddress(v4[1] ?? ''), port: Number(v4[2]) };
  return { address: normalizeAddress(t) };
}

export function formatEndpoint(ep: { readonly address: string; readonly port?: number }): string {
  const host = bracketed(ep.address);
  return ep.port === undefined ? host : `${host}:${ep.port}`;
}
