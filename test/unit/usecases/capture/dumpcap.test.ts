// dumpcap's words as sipkit reads them: the interface list of `dumpcap -D -M`, the counters it
// prints on stderr when it stops (lost packets must be told), and its reason for failing.
import { describe, expect, it } from 'vitest';
import {
  dumpcapProblem,
  isUsageProblem,
  parseDumpcapCounts,
  parseInterfaceList,
  permissionHint,
} from '../../../../electron/usecases/capture/dumpcap';

describe('dumpcap output', () => {
  it('reads the machine-readable interface list with addresses (dumpcap 4 on Debian)', () => {
    const text =
      '1. eth0\t\t\t0\t192.0.2.2,fd00::2,fe80::fc:ff:fe00:1\tnetwork\t\n2. any\t\t\t0\t\tnetwork\t\n3. lo\t\tLoopback\t0\t127.0.0.1,::1\tloopback\t\n';
    expect(parseInterfaceList(text)).toEqual([
      { name: 'eth0', addresses: ['192.0.2.2', 'fd00::2', 'fe80::fc:ff:fe00:1'], loopback: false },
      { name: 'any', addresses: [], loopback: false },
      { name: 'lo', description: 'Loopback', addresses: ['127.0.0.1', '::1'], loopback: true },
    ]);
  });

  it('reads the packets each interface lost', () => {
    const stderr = [
      "Capturing on 'Loopback: lo' and 'eth0'",
      'File: -',
      'Packets: 1200 Packets captured: 1200',
      "Packets received/dropped on interface 'Loopback: lo': 1000/37 (pcap:37/dumpcap:0/flushed:0/ps_ifdrop:2) (96.4%)",
      "Packets received/dropped on interface 'eth0': 200/0 (pcap:0/dumpcap:0/flushed:0/ps_ifdrop:0) (100.0%)",
    ].join('\n');
    expect(parseDumpcapCounts(stderr)).toEqual([
      { interface: 'Loopback: lo', received: 1000, dropped: 37, ifDropped: 2 },
      { interface: 'eth0', received: 200, dropped: 0, ifDropped: 0 },
    ]);
    expect(parseDumpcapCounts('Capturing on lo\n')).toEqual([]);
  });

  it('turns a permission failure into the one line that says how to allow it, per OS', () => {
    const denied =
      'Capturing on \'Loopback: lo\'\ndumpcap: You do not have permission to capture on device "lo".\n(socket: Operation not permitted)\n';
    expect(dumpcapProblem(denied)).toBe(permissionHint('linux'));
    expect(permissionHint('linux')).toContain('sudo usermod -aG wireshark $USER');
    expect(permissionHint('linux')).toContain('dpkg-reconfigure wireshark-common');
    expect(permissionHint('darwin')).toContain('ChmodBPF');
    expect(permissionHint('win32')).toContain('Npcap');
    for (const p of ['linux', 'darwin', 'win32'] as const) expect(permissionHint(p)).not.toContain('\n');
    expect(isUsageProblem(denied)).toBe(false);
  });

  it('a bad filter or interface is the user\u2019s input, said in dumpcap\u2019s own words', () => {
    const badFilter =
      "dumpcap: Invalid capture filter \"port banana\" for interface 'lo'.\n\nThat string isn't a valid capture filter (unknown port 'banana').\n";
    expect(isUsageProblem(badFilter)).toBe(true);
    expect(dumpcapProblem(badFilter)).toBe('Invalid capture filter "port banana" for interface \'lo\'.');
    expect(isUsageProblem('dumpcap: There is no device named "eth9".\n')).toBe(true);
  });
});
