// Is an address reachable from the internet? The ranges that betray NAT in an SDP c= line.
import { BlockList, isIP } from 'node:net';

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
  /** Not an IP literal (SDP allows a name, RFC 8866 §5.7). */
  | 'name';

interface Range {
  readonly scope: AddressScope;
  readonly blocks: BlockList;
}

function ranges(scope: AddressScope, v4: readonly string[], v6: readonly string[]): Range {
  const blocks = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/') as [string, string];
    blocks.addSubnet(net, Number(bits), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/') as [string, string];
    blocks.addSubnet(net, Number(bits), 'ipv6');
  }
  return { scope, blocks };
}

const RANGES: readonly Range[] = [
  ranges('unspecified', ['0.0.0.0/32'], ['::/128']),
  ranges('loopback', ['127.0.0.0/8'], ['::1/128']),
  ranges('private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], ['fc00::/7']),
  ranges('cgnat', ['100.64.0.0/10'], []),
  ranges('link-local', ['169.254.0.0/16'], ['fe80::/10']),
];

/** Unwraps ::ffff:a.b.c.d so an IPv4 peer seen on a dual-stack socket compares equal. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return (mapped?.[1] ?? trimmed).toLowerCase();
}

export function addressScope(address: string): AddressScope {
  const bare = normalizeAddress(address);
  const version = isIP(bare);
  if (version === 0) return 'name';
  const type = version === 4 ? 'ipv4' : 'ipv6';
  for (const range of RANGES) if (range.blocks.check(bare, type)) return range.scope;
  return 'public';
}

/** Private, CGNAT, loopback or link-local: an address the far end of an internet call cannot reach. */
export function isNonRoutable(address: string): boolean {
  const scope = addressScope(address);
  return scope === 'private' || scope === 'cgnat' || scope === 'loopback' || scope === 'link-local';
}

export function sameAddress(a: string, b: string): boolean {
  return normalizeAddress(a) === normalizeAddress(b);
}
