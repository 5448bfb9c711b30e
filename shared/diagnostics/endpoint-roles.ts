// Which side of the trunk each address is on, and so which way a call goes.
//
// A trace is a list of packets between addresses; the provider rules talk about "calls from the
// PBX" and "inbound calls". The heuristic, strongest signal first:
//   1. the addresses the caller named as the PBX (opts.pbxAddresses) and the profile's pbx_ip;
//   2. addresses that sent a REGISTER are PBX side, addresses that received one are the
//      provider's registrars (a registration trunk), as are the profile's registrars[].addr;
//   3. an INVITE whose From host is the profile's trunk_name was sent by the PBX (seed 000: the
//      PBX must put the trunk Name there, the provider does not);
//   4. an INVITE from a private address to a public one leaves a LAN, so it is outbound; one from
//      a public address to a private one is inbound.
// Otherwise the direction is 'unknown' and direction-specific rules say so instead of guessing.
import type { ProviderProfile } from '../profiles/profile-schema';
import {
  addressScope,
  formatEndpoint,
  isNonRoutable,
  normalizeAddress,
  splitHostPort,
} from './address-scope';
import type { TraceEndpoint, TraceMessage } from './trace-model';

export type CallDirection = 'inbound' | 'outbound' | 'unknown';
export type Role = 'pbx' | 'trunk';

export interface RoleAddress {
  readonly address: string;
  /** Undefined: any port at that address. */
  readonly port?: number;
  /** Why the address has this role, for explanations. */
  readonly why: string;
}

export interface DirectionVerdict {
  readonly direction: CallDirection;
  readonly reason: string;
}

export interface EndpointRoles {
  readonly pbx: readonly RoleAddress[];
  readonly trunk: readonly RoleAddress[];
  roleOf(ep: TraceEndpoint | undefined): Role | undefined;
  directionOf(invite: TraceMessage): DirectionVerdict;
  /** A registrar's name when the address is one (profile addr or REGISTER Request-URI host). */
  registrarName(ep: TraceEndpoint | undefined): string | undefined;
}

function addUnique(list: RoleAddress[], entry: RoleAddress): void {
  if (!list.some((e) => e.address === entry.address && e.port === entry.port)) list.push(entry);
}

function find(list: readonly RoleAddress[], ep: TraceEndpoint, exact: boolean): RoleAddress | undefined {
  const address = normalizeAddress(ep.address);
  return list.find(
    (e) => e.address === address && (exact ? e.port === undefined || e.port === ep.port : true),
  );
}

export function buildEndpointRoles(
  messages: readonly TraceMessage[],
  profile: ProviderProfile,
  pbxAddresses: readonly string[] = [],
): EndpointRoles {
  const pbx: RoleAddress[] = [];
  const trunk: RoleAddress[] = [];
  const names = new Map<string, string>();

  for (const text of pbxAddresses) {
    const { address, port } = splitHostPort(text);
    if (address)
      addUnique(pbx, { address, port, why: `${formatEndpoint({ address, port })} is a PBX address` });
  }
  if (profile.pbx_ip) {
    const { address, port } = splitHostPort(profile.pbx_ip);
    addUnique(pbx, { address, port, why: `${address} is the profile's pbx_ip` });
  }
  for (const r of profile.registrars) {
    if (!r.addr) continue;
    const { address, port } = splitHostPort(r.addr);
    addUnique(trunk, { address, port, why: `${address} is registrar ${r.name}` });
    names.set(formatEndpoint({ address, port }), r.name);
    names.set(address, r.name);
  }
  const registrarNames = new Set(profile.registrars.map((r) => r.name.toLowerCase()));
  // Addresses named as the PBX stay the PBX even where phones register to it (a PBX's own log).
  const named = pbx.slice();
  for (const msg of messages) {
    if (msg.doc.kind !== 'request' || msg.doc.method?.toUpperCase() !== 'REGISTER') continue;
    if (msg.src) {
      const address = normalizeAddress(msg.src.address);
      addUnique(pbx, { address, port: msg.src.port, why: `${formatEndpoint(msg.src)} sent a REGISTER` });
    }
    if (msg.dst && find(named, msg.dst, true) === undefined) {
      const address = normalizeAddress(msg.dst.address);
      addUnique(trunk, {
        address,
        port: msg.dst.port,
        why: `${formatEndpoint(msg.dst)} received a REGISTER (a registrar)`,
      });
      const host = /^sips?:(?:[^@]*@)?([^;:>]+)/i.exec(msg.doc.requestUri ?? '')?.[1]?.toLowerCase();
      const key = formatEndpoint({ address, port: msg.dst.port });
      if (host && registrarNames.has(host) && !names.has(key)) names.set(key, host);
    }
  }

  const lookUp = (ep: TraceEndpoint): Role | undefined => {
    for (const exact of [true, false]) {
      const inPbx = find(pbx, ep, exact) !== undefined;
      const inTrunk = find(trunk, ep, exact) !== undefined;
      if (inPbx !== inTrunk) return inPbx ? 'pbx' : 'trunk';
      if (inPbx && inTrunk) return undefined;
    }
    return undefined;
  };
  // The lists are final here, and rules ask about the same few addresses for every message.
  const known = new Map<string, Role | undefined>();
  const roleOf = (ep: TraceEndpoint | undefined): Role | undefined => {
    if (!ep) return undefined;
    const key = `${ep.address} ${ep.port}`;
    if (known.has(key)) return known.get(key);
    const role = lookUp(ep);
    known.set(key, role);
    return role;
  };

  const why = (list: readonly RoleAddress[], ep: TraceEndpoint): string =>
    (find(list, ep, true) ?? find(list, ep, false))?.why ?? formatEndpoint(ep);

  const directionOf = (invite: TraceMessage): DirectionVerdict => {
    const { src, dst } = invite;
    if (src && roleOf(src) === 'pbx')
      return { direction: 'outbound', reason: `sent by the PBX (${why(pbx, src)})` };
    if (dst && roleOf(dst) === 'pbx')
      return { direction: 'inbound', reason: `sent to the PBX (${why(pbx, dst)})` };
    if (src && roleOf(src) === 'trunk') {
      return { direction: 'inbound', reason: `sent by the provider (${why(trunk, src)})` };
    }
    if (dst && roleOf(dst) === 'trunk') {
      return { direction: 'outbound', reason: `sent to the provider (${why(trunk, dst)})` };
    }
    const fromHost = invite.doc.from?.uri?.host.toLowerCase();
    if (profile.trunk_name && fromHost === profile.trunk_name.toLowerCase()) {
      return { direction: 'outbound', reason: `its From host is the trunk name ${profile.trunk_name}` };
    }
    if (src && dst) {
      const srcPrivate = isNonRoutable(src.address);
      const dstPrivate = isNonRoutable(dst.address);
      if (srcPrivate && addressScope(dst.address) === 'public') {
        return {
          direction: 'outbound',
          reason: `sent from a private address (${src.address}) to a public one`,
        };
      }
      if (dstPrivate && addressScope(src.address) === 'public') {
        return {
          direction: 'inbound',
          reason: `sent from a public address to a private one (${dst.address})`,
        };
      }
    }
    return { direction: 'unknown', reason: 'no PBX address, registration or private/public split tells' };
  };

  const registrarName = (ep: TraceEndpoint | undefined): string | undefined => {
    if (!ep) return undefined;
    const address = normalizeAddress(ep.address);
    return names.get(formatEndpoint({ address, port: ep.port })) ?? names.get(address);
  };

  return { pbx, trunk, roleOf, directionOf, registrarName };
}
