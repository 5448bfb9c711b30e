// Which provider profile a run is checked against: the built-in one it was run with, or the one the
// user picked. A run made with a profile file (`sipkit … --profile-file`) has no built-in of that
// name; it is checked against generic (RFC 3261 only), and the reply names the profile used.
import { BUILTIN_PROFILES, findBuiltinProfile } from '../../../shared/profiles/builtin-profiles';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { RunRecord } from '../../../shared/trace-types';
import { refused } from '../service-error';

const FALLBACK = 'generic';

export function profileOfRun(run: RunRecord): ProviderProfile {
  return findBuiltinProfile(run.profile) ?? builtin(FALLBACK);
}

/** The built-in the user named; a name that is not one is refused with the choices. */
export function namedProfile(name: string | undefined): ProviderProfile {
  if (name === undefined || name.trim() === '') return builtin(FALLBACK);
  const found = findBuiltinProfile(name.trim());
  if (found === undefined) {
    throw refused(
      `there is no built-in profile "${name}": choose one of ${BUILTIN_PROFILES.map((p) => p.name).join(', ')}`,
    );
  }
  return found;
}

function builtin(name: string): ProviderProfile {
  const found = findBuiltinProfile(name);
  if (found === undefined) throw new Error(`the built-in profile ${name} is missing`);
  return found;
}
