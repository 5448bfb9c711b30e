import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// Readiness without talking to the peer: SIPp answers nothing a probe could send (an OPTIONS
// would start a call its scenario does not expect), but the kernel knows which UDP ports a
// process has bound. Matching socket inodes to the process's own descriptors (instead of asking
// "is the port taken?") ignores other processes that bind the same port with SO_REUSEADDR.

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes; // gone, or not ours to read
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // closed while we looked
    }
  }
  return inodes;
}

/** Local UDP ports (IPv4 and IPv6) bound by sockets that process `pid` holds. */
export function udpPortsBoundBy(pid: number): Set<number> {
  const inodes = socketInodes(pid);
  const ports = new Set<number>();
  if (inodes.size === 0) return ports;
  // The process's own view: the same as /proc/net/udp unless it runs in another network namespace.
  for (const table of [`/proc/${pid}/net/udp`, `/proc/${pid}/net/udp6`]) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (!local || !inode || !inodes.has(inode)) continue;
      ports.add(Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return ports;
}
