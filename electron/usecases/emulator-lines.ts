// The emulator's words, the same in sipkit emulate and on the Emulator screen: where to point the
// PBX, and one line per thing that happened.
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import { hostPort } from '../../shared/sip/address-text';
import type { Endpoint } from '../../shared/trace-types';
import type { EmulatorEvent } from '../engine/emulator/provider-emulator';
import { isIpAuthenticated } from '../engine/emulator/trunk-policy';

export interface EventLine {
  readonly kind: 'register' | 'call' | 'to-pbx' | 'auth' | 'lockout';
  readonly status?: number;
  readonly text: string;
  /** A warning rather than news. */
  readonly warn: boolean;
}

export function describeEmulatorEvent(e: EmulatorEvent): EventLine {
  switch (e.type) {
    case 'register':
      return {
        kind: 'register',
        status: e.status,
        warn: false,
        text: `region ${e.region + 1} ← ${e.user || '?'} from ${hostPort(e.source.address, e.source.port)}: ${e.status} ${e.detail}`,
      };
    case 'call':
      return {
        kind: e.direction === 'from-pbx' ? 'call' : 'to-pbx',
        ...(e.status ? { status: e.status } : {}),
        warn: false,
        text: `region ${e.region + 1}: ${e.status || ''} ${e.detail}`.trim(),
      };
    case 'auth-failed':
      return {
        kind: 'auth',
        warn: false,
        text: `failed digest from ${e.source.address} for user ${e.user}: ${e.detail}`,
      };
    case 'locked-out':
      return e.reason === 'auth'
        ? {
            kind: 'lockout',
            status: 403,
            warn: true,
            text: `${e.source.address} locked out for ${e.forS} s after ${e.failures} failed authentications (a password guesser such as svcrack)`,
          }
        : {
            kind: 'lockout',
            warn: true,
            text: `${e.source.address} blocked for ${e.forS} s after ${e.failures} registrations refused with 429 in a row: everything it sends is dropped unanswered, as the provider blocks repeat offenders (reg.interval)`,
          };
  }
}

export function pbxInstructions(
  profile: ProviderProfile,
  regions: readonly Endpoint[],
  users: readonly string[],
  realm: string,
): string {
  const at = regions.map((r) => hostPort(r.address, r.port)).join(' and ');
  if (isIpAuthenticated(profile))
    return `point the PBX's trunk at ${at}, no registration, From host ${profile.trunk_name ?? ''}${profile.pbx_ip ? `, from ${profile.pbx_ip}` : ''}`;
  return `point the PBX at ${at}, user ${users.join(' or ')}, password: the one given (SIPKIT_PASSWORD, the prompt or the target's), realm ${realm}${profile.transport === 'udp' ? ', UDP' : ''}`;
}
