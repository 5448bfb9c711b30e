// targets.json: the saved targets, without passwords (those live in the vault). Written atomically
// (a temporary file renamed over the old one) with mode 0600, so a crash mid-write never leaves half
// a file and other local users cannot read server names and user names. A file that does not parse
// is moved aside as targets.json.damaged and the app starts with no targets instead of failing.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { targetFieldsSchema, targetIdSchema, type TargetFields } from '../../shared/ipc/schemas/targets';
import { randomSuffix } from './target-id';

export const TARGETS_FILE_NAME = 'targets.json';
const FILE_VERSION = 1;

export interface StoredTarget extends TargetFields {
  readonly id: string;
}

// Not strict: a key this version does not know (written by a newer one) is dropped, not fatal.
const storedTargetSchema = z.object({ ...targetFieldsSchema.shape, id: targetIdSchema });

const fileSchema = z.object({
  version: z.literal(FILE_VERSION),
  targets: z
    .array(storedTargetSchema)
    .refine((targets) => new Set(targets.map((t) => t.id)).size === targets.length, {
      message: 'two targets share one id',
    }),
});

export interface TargetFile {
  readonly file: string;
  /** The saved targets; an empty list when there is no file or it was damaged. */
  load(): StoredTarget[];
  /** Replaces the file's contents; throws a one-line Error when it cannot be written. */
  save(targets: readonly StoredTarget[]): void;
}

export function openTargetFile(dataDir: string, log: (line: string) => void): TargetFile {
  const file = path.join(dataDir, TARGETS_FILE_NAME);
  return {
    file,
    load: () => loadTargets(file, log),
    save: (targets) => saveTargets(file, targets),
  };
}

function loadTargets(file: string, log: (line: string) => void): StoredTarget[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    log(
      `could not read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); starting with no targets`,
    );
    return [];
  }
  const problem = problemOf(text);
  if (problem === undefined) return fileSchema.parse(JSON.parse(text)).targets;
  const damaged = `${file}.damaged`;
  let kept = `kept as ${damaged}`;
  try {
    fs.renameSync(file, damaged);
  } catch (error) {
    kept = `could not move it aside (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  log(`${file} is damaged (${problem}); ${kept}; starting with no targets`);
  return [];
}

/** Why the text is not a targets file, in a few words; undefined when it is one. */
function problemOf(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  const parsed = fileSchema.safeParse(json);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${issue?.path.length ? issue.path.join('.') : 'file'}: ${issue?.message ?? 'invalid'}`;
}

function saveTargets(file: string, targets: readonly StoredTarget[]): void {
  const body = `${JSON.stringify({ version: FILE_VERSION, targets }, null, 2)}\n`;
  const tmp = `${file}.${process.pid}.${randomSuffix()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, body, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (error) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Best effort: the write already failed, and that is what the user needs to hear about.
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`could not save the targets to ${file}${code ? ` (${code})` : ''}`, { cause: error });
  }
}
