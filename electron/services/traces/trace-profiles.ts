// The profile a user picks for an import or a re-analysis: a built-in by name, generic when none.
import { BUILTIN_PROFILES, findBuiltinProfile } from '../../../shared/profiles/builtin-profiles';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { builtinProfile, FALLBACK_PROFILE } from '../../analysis/run-profile';
import { refused } from '../service-error';

/** The built-in the user named; a name that is not one is refused with the choices. */
export function namedProfile(name: string | undefined): ProviderProfile {
  if (name === undefined || name.trim() === '') return builtinProfile(FALLBACK_PROFILE);
  const found = findBuiltinProfile(name.trim());
  if (found === undefined) {
    throw refused(
      `there is no built-in profile "${name}": choose one of ${BUILTIN_PROFILES.map((p) => p.name).join(', ')}`,
    );
  }
  return found;
}
