// The kernel's UDP drop counters (/proc/net/snmp "Udp:" InErrors and RcvbufErrors). Loopback
// never loses a datagram on the wire: when a receiver is too slow, its socket buffer overflows
// and these count what the kernel threw away. They are machine-wide, so a delta over a test is an
// upper bound on what that test's receiver lost.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface UdpDropCounters {
  readonly inErrors: number;
  readonly rcvbufErrors: number;
}

export function udpDropCounters(): UdpDropCounters {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = (lines[0] ?? '').split(/\s+/);
  const values = (lines[1] ?? '').split(/\s+/);
  const get = (name: string): number => Number(values[names.indexOf(name)] ?? 0) || 0;
  return { inErrors: get('InErrors'), rcvbufErrors: get('RcvbufErrors') };
}

/** Datagrams the kernel dropped between two readings (InErrors includes RcvbufErrors). */
export function udpDropsBetween(before: UdpDropCounters, after: UdpDropCounters): number {
  return Math.max(after.inErrors - before.inErrors, after.rcvbufErrors - before.rcvbufErrors);
}

/**
 * Datagrams the kernel dropped at one UDP socket (its receive buffer was full), from `ss -u -m`'s
 * skmem d field: exact for that socket, unlike the machine-wide counters. Undefined when no
 * socket is bound to that address and port.
 */
export function udpSocketDrops(address: string, port: number): number | undefined {
  return udpSocketState(address, port)?.drops;
}

/** The socket's kernel counters: drops (skmem d) and bytes waiting to be read (Recv-Q). */
export function udpSocketState(
  address: string,
  port: number,
): { readonly drops: number; readonly recvQueueBytes: number } | undefined {
  const out = execFileSync('ss', ['-u', '-a', '-m', '-n', 'sport', '=', `:${port}`], { encoding: 'utf8' });
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes(`${address}:${port} `)) continue;
    const m = /skmem:\([^)]*\bd(\d+)\)/.exec(lines[i + 1] ?? '');
    const recvQ = /^\S+\s+(\d+)/.exec(line);
    if (m) return { drops: Number(m[1]), recvQueueBytes: Number(recvQ?.[1] ?? 0) };
  }
  return undefined;
}
