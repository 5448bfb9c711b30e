// What targets.save checks beyond the contract's schema, so a mistake is reported when the target is
// saved ("unknown profile", "not a valid server") and not later, half-way through a registration.
import { isIP } from 'node:net';
import type { TargetFields } from '../../../shared/ipc/schemas/targets';
import { BUILTIN_PROFILES, findBuiltinProfile } from '../../../shared/profiles/builtin-profiles';
import { parseServerSpec } from '../../engine/discovery/parse-server';
import { refused } from '../service-error';

/** The fields as saved (the profile's canonical name); throws a one-line refusal. */
export function checkTargetFields(fields: TargetFields): TargetFields {
  const profile = findBuiltinProfile(fields.profile);
  if (!profile) {
    throw refused(
      `unknown profile "${fields.profile}": choose one of ${BUILTIN_PROFILES.map((p) => p.name).join(', ')}`,
    );
  }
  try {
    parseServerSpec(fields.server);
  } catch (error) {
    throw refused((error as Error).message);
  }
  for (const [label, value] of [
    ['user', fields.user],
    ['auth user', fields.authUser],
    ['caller ID', fields.callerId],
  ] as const) {
    // A user part with ":" would read as user:password in a SIP URI (RFC 3261 §19.1.1).
    if (/[\s@:<>;]/.test(value)) {
      throw refused(`the ${label} "${value}" cannot contain spaces, "@", ":", "<", ">" or ";"`);
    }
  }
  for (const [label, value] of [
    ['domain', fields.domain],
    ['trunk name', fields.trunkName],
  ] as const) {
    if (/[\s@<>;/]/.test(value)) throw refused(`the ${label} "${value}" must be a host name or address`);
  }
  if (fields.localAddress !== '' && isIP(fields.localAddress) === 0) {
    throw refused(`the local address "${fields.localAddress}" must be an IP address of this machine`);
  }
  return { ...fields, profile: profile.name };
}
