// Builds the profile one command runs with: a built-in or a profile file, then `--set key=value`
// overrides. Pure: the caller reads files. Errors are one line a technician can act on.
import { z } from 'zod';
import { BUILTIN_PROFILES, findBuiltinProfile } from './builtin-profiles';
import { providerProfileSchema, type ProviderProfile } from './profile-schema';

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

export interface ProfileRequest {
  readonly name?: string;
  /** Contents of a --profile-file (JSON) and its path for messages. */
  readonly file?: { readonly path: string; readonly text: string };
  /** Raw `key=value` strings from --set. */
  readonly set?: readonly string[];
}

export function resolveProfile(req: ProfileRequest): ProviderProfile {
  let base: Record<string, unknown>;
  if (req.file) {
    let json: unknown;
    try {
      json = JSON.parse(req.file.text);
    } catch (err) {
      throw new ProfileError(`profile file ${req.file.path} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ProfileError(`profile file ${req.file.path} must hold one JSON object`);
    }
    base = { name: 'custom', ...(json as Record<string, unknown>) };
  } else {
    const name = req.name ?? 'generic';
    const found = findBuiltinProfile(name);
    if (!found) {
      throw new ProfileError(
        `unknown profile "${name}": choose one of ${BUILTIN_PROFILES.map((p) => p.name).join(', ')} or give --profile-file`,
      );
    }
    base = { ...found };
  }
  for (const item of req.set ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ProfileError(`--set ${item}: expected key=value`);
    const key = item.slice(0, eq).trim();
    if (!(key in providerProfileSchema.shape) || key === 'name') {
      throw new ProfileError(`--set ${item}: unknown profile key "${key}"`);
    }
    base[key] = parseValue(item.slice(eq + 1).trim());
  }
  const result = providerProfileSchema.safeParse(base);
  if (!result.success) throw new ProfileError(describeIssue(result.error, req.file?.path));
  return result.data;
}

/** A value is JSON where it parses as JSON (numbers, booleans, lists), else a plain word. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeIssue(error: z.ZodError, file?: string): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'profile';
  return `${file ? `profile file ${file}: ` : ''}${where}: ${issue?.message ?? 'invalid'}`;
}
