// CPU time of the calling thread alone (process.cpuUsage counts every thread of the process), so a
// load run can say how much its own thread spent beside the store's and V8's helper threads.
// Linux only: /proc/thread-self/stat fields 14 and 15 (utime, stime) in clock ticks of 1/100 s
// (USER_HZ is 100 on every Linux architecture Node ships for). Elsewhere: undefined.
import { readFileSync } from 'node:fs';

const USER_HZ = 100;

export interface ThreadCpu {
  readonly userS: number;
  readonly sysS: number;
}

export function threadCpu(): ThreadCpu | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const sys = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(sys)
    ? { userS: user / USER_HZ, sysS: sys / USER_HZ }
    : undefined;
}

/** b − a, or undefined when either is unknown. */
export function cpuSince(a: ThreadCpu | undefined, b: ThreadCpu | undefined): ThreadCpu | undefined {
  return a && b ? { userS: b.userS - a.userS, sysS: b.sysS - a.sysS } : undefined;
}
