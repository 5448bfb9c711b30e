// What the emulated provider refuses before looking at credentials or caps, by the kind of trunk
// (docs/provider-rules.md): an IP-authenticated trunk (a trunk_name) takes no REGISTER (405,
// RFC 3261 §21.4.6 with Allow) and refuses calls whose From host is not the trunk name or whose
// source is not the PBX's static address (403, as SkySwitch answers); a trunk of one direction
// refuses the other. Pure.
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { normalizeAddress } from '../../../shared/diagnostics/address-scope';

export interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** One line for the technician. */
  readonly detail: string;
}

export const EMULATOR_ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE';

export function isIpAuthenticated(profile: ProviderProfile): boolean {
  return profile.trunk_name !== undefined;
}

export function refuseRegister(profile: ProviderProfile): Refusal | undefined {
  if (!isIpAuthenticated(profile)) return undefined;
  return {
    status: 405,
    reason: 'Method Not Allowed',
    headers: [
      ['Allow', EMULATOR_ALLOW],
      [
        'Warning',
        `399 emulator "IP-authenticated trunk: no registration; send calls with From host ${profile.trunk_name ?? ''}"`,
      ],
    ],
    detail: `REGISTER refused with 405: ${profile.name} is an IP-authenticated trunk, the PBX must not register`,
  };
}

export function refuseCallFromPbx(
  profile: ProviderProfile,
  call: { readonly fromHost: string | undefined; readonly source: string },
): Refusal | undefined {
  if (profile.direction === 'inbound') {
    return forbidden(
      'the trunk is inbound-only: it takes no calls from the PBX',
      'outbound call on an inbound-only trunk',
    );
  }
  if (!isIpAuthenticated(profile)) return undefined;
  const pbx = profile.pbx_ip;
  if (pbx !== undefined && normalizeAddress(pbx) !== normalizeAddress(call.source)) {
    return forbidden(
      `source ${call.source} is not the trunk's PBX address ${pbx}`,
      `call from ${call.source} refused: the trunk accepts calls only from ${pbx} (trunk.source-ip)`,
    );
  }
  const name = profile.trunk_name ?? '';
  if ((call.fromHost ?? '').toLowerCase() !== name.toLowerCase()) {
    return forbidden(
      `From host ${call.fromHost ?? '(none)'} is not the trunk name ${name}`,
      `call refused: From host ${call.fromHost ?? '(none)'} is not the trunk name ${name} (trunk.from-host)`,
    );
  }
  return undefined;
}

function forbidden(warning: string, detail: string): Refusal {
  return {
    status: 403,
    reason: 'Forbidden',
    headers: [['Warning', `399 emulator "${warning.replace(/"/g, "'")}"`]],
    detail,
  };
}
