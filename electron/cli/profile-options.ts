// --profile, --profile-file and --set, shared by every command that applies provider rules.
import { readFileSync } from 'node:fs';
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import { ProfileError, resolveProfile } from '../../shared/profiles/resolve-profile';
import { UsageError } from './cli-error';

export interface ProfileFlags {
  readonly profile?: string;
  readonly profileFile?: string;
  readonly set?: readonly string[];
}

export function loadProfile(flags: ProfileFlags): ProviderProfile {
  let file: { path: string; text: string } | undefined;
  if (flags.profileFile) {
    try {
      file = { path: flags.profileFile, text: readFileSync(flags.profileFile, 'utf8') };
    } catch (err) {
      throw new UsageError(
        `cannot read profile file ${flags.profileFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  try {
    return resolveProfile({ name: flags.profile, file, set: flags.set });
  } catch (err) {
    if (err instanceof ProfileError) throw new UsageError(err.message);
    throw err;
  }
}
