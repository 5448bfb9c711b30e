// `sipkit profiles [NAME]`: the built-in provider profiles and their numbers.
import { BUILTIN_PROFILES } from '../../../shared/profiles/builtin-profiles';
import { EXIT_OK } from '../cli-error';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';

export function runProfiles(name: string | undefined, flags: ProfileFlags, reporter: Reporter): number {
  if (!name && !flags.profileFile && !flags.set?.length) {
    for (const p of BUILTIN_PROFILES)
      reporter.block(`${p.name.padEnd(11)} ${p.description}\n`, { type: 'profile', ...p });
    reporter.result(true, `${BUILTIN_PROFILES.length} built-in profiles; sipkit profiles NAME shows one`);
    return EXIT_OK;
  }
  const profile = loadProfile({ ...flags, profile: name ?? flags.profile });
  for (const [key, value] of Object.entries(profile)) {
    if (value === undefined) continue;
    reporter.block(`${key.padEnd(29)} ${typeof value === 'string' ? value : JSON.stringify(value)}\n`, {});
  }
  reporter.result(true, `profile ${profile.name}`, { profile });
  return EXIT_OK;
}
