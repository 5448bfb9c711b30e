import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  state: string;
  pgrp: number;
}

// /proc/<pid>/stat is "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses,
// so parse from the last ')'.
function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgrp = Number(fields[2]);
  if (state === undefined || !Number.isFinite(pgrp)) return undefined;
  return { state, pgrp };
}

/**
 * True while the process exists and is not a zombie. A zombie has finished running; whether
 * it gets reaped depends on who adopted it (PID 1 in a container may never reap), so counting
 * zombies as alive would make "is everything stopped?" checks flaky.
 */
export function isPidAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Pids of living (non-zombie) processes in process group `pgid`, e.g. Kamailio's forked workers. */
export function livingGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(pid);
  }
  return members;
}
