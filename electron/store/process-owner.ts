// Which process a run belongs to, and whether that process is still alive. A run is recorded with
// its owner's pid, host name and start token; a later process that finds it unfinished can then
// tell "still running somewhere" from "its process is gone" (kill -9, a crash, a power cut).
// A pid alone is not enough: pids are reused, quickly inside containers, so on Linux the token is
// the boot id and the process's start time from /proc/PID/stat, and a live pid with another start
// time is another process.
import fs from 'node:fs';
import os from 'node:os';

export interface ProcessOwner {
  readonly pid: number;
  readonly host: string;
  /** "BOOT-ID/START-TICKS" where /proc tells; absent elsewhere. */
  readonly start?: string;
}

let self: ProcessOwner | undefined;

/** This process, computed once. */
export function currentOwner(): ProcessOwner {
  if (self === undefined) {
    const start = startToken(process.pid);
    self = { pid: process.pid, host: os.hostname(), ...(start !== undefined ? { start } : {}) };
  }
  return self;
}

/**
 * False only when the owner is certainly gone. A run begun on another host (a data folder on a
 * network share) is never judged: its process cannot be seen from here.
 */
export function isOwnerAlive(owner: ProcessOwner, me: ProcessOwner = currentOwner()): boolean {
  if (owner.host !== me.host) return true;
  if (owner.pid === me.pid) return owner.start === undefined || owner.start === me.start;
  if (me.start !== undefined) {
    // /proc works here: the pid's current start token decides.
    const now = startToken(owner.pid);
    if (now === undefined) return false;
    return owner.start === undefined || owner.start === now;
  }
  return signalZeroSaysAlive(owner.pid);
}

/** Boot id and start time (clock ticks after boot) of a live, non-zombie process; undefined otherwise. */
function startToken(pid: number): string | undefined {
  let stat: string;
  let bootId: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count from the last ')'.
  // After it: state is field 3, starttime field 22 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTicks = fields[19];
  if (state === undefined || startTicks === undefined || state === 'Z' || state === 'X') return undefined;
  return `${bootId}/${startTicks}`;
}

/** Where there is no /proc (macOS, Windows): signal 0 tells whether the pid exists at all. */
function signalZeroSaysAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
