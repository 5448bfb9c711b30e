// Keeps the trace store private to the user who owns it. The database holds every captured
// message, digest responses included, and an MD5 digest response can be brute-forced offline back
// to the SIP password: another local user must not be able to read it. New folders and files are
// created 0700/0600 (mode at creation, not chmod afterwards); an existing store made by an older
// version (0755 folder, 0644 files) is tightened when it is opened, and the caller is told once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** SQLite's companions of the database file; each gets the database file's mode at creation. */
const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const;
export const GROUP_OR_OTHER = 0o077;
const STICKY = 0o1000;

/** POSIX file modes mean nothing on Windows (its ACLs already keep a profile folder private). */
export function hasPosixModes(): boolean {
  return process.platform !== 'win32';
}

/** Creates the data folder (and missing parents) as 0700. */
export function createPrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates an empty database file as 0600 when there is none. SQLite reads an empty file as a new
 * database, and gives its -wal, -shm and -journal files the database file's own mode (os_unix.c,
 * findCreateFileMode and unixOpenSharedMemory), so they are 0600 from their first byte too.
 */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Removes group and other access from the database, its companions and, when it is safely ours,
 * its folder. Returns one line saying what was changed, or undefined when nothing needed it.
 */
export function tightenStore(file: string): string | undefined {
  if (!hasPosixModes()) return undefined;
  const changed: string[] = [];
  for (const f of [file, ...COMPANION_SUFFIXES.map((s) => `${file}${s}`)]) {
    const before = tighten(f, PRIVATE_FILE_MODE);
    if (before !== undefined) changed.push(`${path.basename(f)} ${octal(before)} → 0600`);
  }
  const dir = path.dirname(file);
  const dirBefore = isOurOwnFolder(dir) ? tighten(dir, PRIVATE_DIR_MODE) : undefined;
  if (dirBefore !== undefined) changed.unshift(`folder ${octal(dirBefore)} → 0700`);
  if (changed.length === 0) return undefined;
  return `the trace store ${dir} was readable by other local users; made it private to you (${changed.join(', ')})`;
}

/** The mode it had before, when it existed, was ours and let others in; undefined otherwise. */
function tighten(target: string, mode: number): number | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink() || !ownedByUs(stat)) return undefined;
  const before = stat.mode & 0o7777;
  if ((before & GROUP_OR_OTHER) === 0) return undefined;
  try {
    fs.chmodSync(target, mode);
    return before;
  } catch {
    // A read-only file system or a folder we may not change: the store still opens; nothing to say.
    return undefined;
  }
}

/**
 * A folder SIPKIT_DATA_DIR points at may be shared (/tmp, a home folder, a project folder): it is
 * tightened only when it is ours, not sticky like /tmp, and neither a home folder nor the root.
 */
function isOurOwnFolder(dir: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return false;
  }
  if (!stat.isDirectory() || !ownedByUs(stat) || (stat.mode & STICKY) !== 0) return false;
  const resolved = path.resolve(dir);
  return resolved !== path.parse(resolved).root && resolved !== path.resolve(os.homedir());
}

export function ownedByUs(stat: fs.Stats): boolean {
  return typeof process.getuid !== 'function' || stat.uid === process.getuid();
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
