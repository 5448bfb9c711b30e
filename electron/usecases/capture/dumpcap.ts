// Wireshark's dumpcap as the capture engine: the one privileged piece (Debian's wireshark-common
// gives it the capabilities, for the `wireshark` group; ChmodBPF on macOS; Npcap on Windows), run
// as a child that writes pcapng to stdout. sipkit itself never needs to be root.
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** SIP on its usual ports, and UDP in the range most PBXs take RTP from (Asterisk 10000-20000, FreeSWITCH 16384-32768). */
export const DEFAULT_CAPTURE_FILTER = 'port 5060 or port 5061 or (udp portrange 10000-32768)';

export interface CaptureInterface {
  readonly name: string;
  /** What the system calls it ("Loopback"), when it says. */
  readonly description?: string;
  readonly addresses: readonly string[];
  readonly loopback: boolean;
}

export class DumpcapError extends Error {
  override readonly name = 'DumpcapError';
  constructor(
    message: string,
    /** Bad input (filter, interface name) rather than a system problem. */
    readonly usage: boolean = false,
  ) {
    super(message);
  }
}

/** The one line that says how to let this user capture on this OS. */
export function permissionHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin')
    return 'this user may not capture: install Wireshark\u2019s ChmodBPF (Wireshark.app → "Install ChmodBPF"), then log in again';
  if (platform === 'win32')
    return 'this user may not capture: install Npcap (npcap.com) without "Restrict Npcap driver\u2019s access to Administrators only"';
  return 'this user may not capture: sudo usermod -aG wireshark $USER (then log in again), or sudo dpkg-reconfigure wireshark-common and answer Yes';
}

const SEARCH_DIRS: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  linux: ['/usr/bin', '/usr/sbin', '/usr/local/bin'],
  darwin: ['/Applications/Wireshark.app/Contents/MacOS', '/usr/local/bin', '/opt/homebrew/bin'],
  win32: ['C:\\Program Files\\Wireshark'],
};

/** Where dumpcap is: SIPKIT_DUMPCAP, then PATH, then where Wireshark installs it. */
export function findDumpcap(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIPKIT_DUMPCAP) return env.SIPKIT_DUMPCAP;
  const exe = process.platform === 'win32' ? 'dumpcap.exe' : 'dumpcap';
  const dirs = [
    ...(env.PATH ?? '').split(path.delimiter).filter(Boolean),
    ...(SEARCH_DIRS[process.platform] ?? []),
  ];
  for (const dir of dirs) {
    const candidate = path.join(dir, exe);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new DumpcapError(
    process.platform === 'linux'
      ? 'dumpcap is not installed: sudo apt-get install wireshark-common (or your distribution\u2019s wireshark package)'
      : 'dumpcap is not installed: install Wireshark (it brings dumpcap)',
  );
}

/**
 * `dumpcap -D -M`: one interface a line, tab-separated fields after "N. name": friendly name,
 * vendor description, interface type, addresses (comma-separated), "loopback" or "network".
 */
export function parseInterfaceList(text: string): CaptureInterface[] {
  const list: CaptureInterface[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\d+\.\s+(.*)$/.exec(line);
    if (!m) continue;
    const [name, friendly, vendor, , addresses, kind] = m[1]!.split('\t');
    if (!name) continue;
    const description = friendly || vendor;
    list.push({
      name,
      ...(description ? { description } : {}),
      addresses: (addresses ?? '').split(',').filter(Boolean),
      loopback: kind === 'loopback',
    });
  }
  return list;
}

export function listInterfaces(dumpcap = findDumpcap()): Promise<CaptureInterface[]> {
  return new Promise((resolve, reject) => {
    execFile(dumpcap, ['-D', '-M'], { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error)
        return reject(new DumpcapError(dumpcapProblem(stderr) ?? `dumpcap -D failed: ${error.message}`));
      resolve(parseInterfaceList(stdout));
    });
  });
}

/** Packets dumpcap counted on one interface, from the lines it prints when it stops. */
export interface DumpcapCounts {
  readonly interface: string;
  readonly received: number;
  readonly dropped: number;
  /** Dropped by the interface itself (ps_ifdrop), when told. */
  readonly ifDropped?: number;
}

/**
 * "Packets received/dropped on interface 'Loopback: lo': 12/3 (pcap:3/dumpcap:0/flushed:0/ps_ifdrop:0) (80.0%)"
 */
export function parseDumpcapCounts(stderr: string): DumpcapCounts[] {
  const counts: DumpcapCounts[] = [];
  const re = /Packets received\/dropped on interface '([^']*)': (\d+)\/(\d+)(?: \(([^)]*)\))?/g;
  for (let m = re.exec(stderr); m; m = re.exec(stderr)) {
    const ifDrop = /ps_ifdrop:(\d+)/.exec(m[4] ?? '');
    counts.push({
      interface: m[1]!,
      received: Number(m[2]),
      dropped: Number(m[3]),
      ...(ifDrop ? { ifDropped: Number(ifDrop[1]) } : {}),
    });
  }
  return counts;
}

const PERMISSION = /permission|Operation not permitted|not permitted to capture|Access is denied/i;

/** dumpcap's own reason for failing, in one line, with the fix where we know it. */
export function dumpcapProblem(stderr: string): string | undefined {
  if (PERMISSION.test(stderr)) return permissionHint();
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(Capturing on|File:|Packets)/.test(l));
  const first = lines.find((l) => /^dumpcap: /.test(l)) ?? lines[0];
  return first?.replace(/^dumpcap: /, '');
}

/** Bad input the user typed: an unknown interface or a filter libpcap cannot compile. */
export function isUsageProblem(stderr: string): boolean {
  return /Invalid capture filter|syntax error|There is no device named|No such device|no such interface/i.test(
    stderr,
  );
}

export type DumpcapChild = ChildProcessByStdio<null, Readable, Readable>;

/** Starts `dumpcap -i IF -f FILTER -w -` (pcapng on stdout; progress and counts on stderr). */
export function spawnDumpcap(iface: string, filter: string, dumpcap = findDumpcap()): DumpcapChild {
  const args = ['-i', iface, ...(filter.trim() ? ['-f', filter] : []), '-w', '-'];
  return spawn(dumpcap, args, { stdio: ['ignore', 'pipe', 'pipe'] });
}
