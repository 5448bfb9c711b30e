// Which provider profile a stored run is checked against: the built-in one it was run with. A run
// made with a profile file (`sipkit … --profile-file`) has no built-in of that name; it is checked
// against generic (RFC 3261 only), and the reply names the profile used.
import { findBuiltinProfile } from '../../shared/profiles/builtin-profiles';
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { RunRecord } from '../../shared/trace-types';

export const FALLBACK_PROFILE = 'generic';

export function profileOfRun(run: RunRecord): ProviderProfile {
  return findBuiltinProfile(run.profile) ?? builtinProfile(FALLBACK_PROFILE);
}

export function builtinProfile(name: string): ProviderProfile {
  const found = findBuiltinProfile(name);
  if (found === undefined) throw new Error(`the built-in profile ${name} is missing`);
  return found;
}
