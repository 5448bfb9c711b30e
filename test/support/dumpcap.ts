// dumpcap writing what a test's peers send to a capture file, started so that nothing sent after
// it returns is missed. dumpcap prints "Capturing on …" before it opens the interface and "File: …"
// once it has opened both the interface and the file: a datagram sent between the two is lost
// (7 of 8 runs lost the first datagram when tests waited for "Capturing on").
import { requireBinary } from './binaries';
import { startProcess, type ManagedProcess } from './child-process';

export interface DumpcapOptions {
  readonly file: string;
  /** A capture filter (BPF), e.g. `udp port 5060`. */
  readonly filter: string;
  /** Interfaces to capture on (default lo). */
  readonly ifaces?: readonly string[];
  /** Classic pcap (-P) instead of pcapng. */
  readonly pcap?: boolean;
  /** Capture inside this network namespace (`ip netns exec`). */
  readonly netns?: string;
  readonly name?: string;
}

export async function startDumpcap(o: DumpcapOptions): Promise<ManagedProcess> {
  const dumpcap = requireBinary('dumpcap', 'wireshark-common');
  const ifaces = (o.ifaces ?? ['lo']).flatMap((i) => ['-i', i]);
  const args = ['-q', ...(o.pcap === true ? ['-P'] : []), ...ifaces, '-f', o.filter, '-w', o.file];
  const proc = startProcess({
    name: o.name ?? 'dumpcap',
    command: o.netns !== undefined ? requireBinary('ip', 'iproute2') : dumpcap,
    args: o.netns !== undefined ? ['netns', 'exec', o.netns, dumpcap, ...args] : args,
  });
  await proc.waitForLine(/^File: /, 10_000);
  return proc;
}
