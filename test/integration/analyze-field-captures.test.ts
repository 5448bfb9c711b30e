// `sipkit analyze` on captures built with real tools, the kinds support staff get from customers:
// both legs through a record-routing proxy (Kamailio between SIPp UAC and UAS), a UA that takes
// 20 s to answer a registrar's challenge, and a PBX behind NAT whose 200 OK names its LAN address.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../support/binaries';
import { runProcess, stopAll } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { startKamailio } from '../support/kamailio';
import { startKamailioTrunk } from '../support/kamailio-relay';
import { runSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';
import { sleep } from '../support/wait';

const SCENARIOS = path.resolve(__dirname, '../fixtures/sipp');

interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly title: string;
  readonly observed?: string;
  readonly fix: string;
}

function findings(json: Record<string, unknown>[]): JsonFinding[] {
  return json.filter((l) => l.type === 'finding') as unknown[] as JsonFinding[];
}

function stats(json: Record<string, unknown>[]): Record<string, number> {
  const last = json.find((l) => l.stats !== undefined);
  return (last?.stats ?? {}) as Record<string, number>;
}

describe('sipkit analyze on captures built with real tools', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-field-'));
    env = { SIPKIT_DATA_DIR: dir };
  });
  afterAll(async () => {
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads both legs through a record-routing Kamailio as one event per relayed message', async () => {
    const uas = await startSipp({ scenario: 'uas-answer', rtpEcho: false, keys: { ring_ms: 0 } });
    // uac-call writes From host sipp.test, the trunk name Kamailio admits.
    const proxy = await startKamailioTrunk({ trunkName: 'sipp.test', forwardTo: uas.address });
    const file = path.join(dir, 'two-legs.pcapng');
    const dump = await startDumpcap({ filter: `udp port ${proxy.port}`, file });
    const uac = await startSipp({ scenario: 'uac-call', remote: proxy.server, calls: 3, rate: 3 });
    const result = await uac.waitForExit(30_000);
    expect(result.exit.code, uac.errors()).toBe(0);
    await sleep(500);
    await dump.stop();
    await proxy.stop();
    await uas.stop();

    const out = await runSipkit(['analyze', file, '--no-store', '--json'], env);
    const all = findings(out.json);
    // Each INVITE, ACK and BYE crossed the proxy: two copies on the wire, one event each.
    expect(stats(out.json)).toMatchObject({
      calls: 3,
      answeredCalls: 3,
      transactions: 6,
      retransmissions: 0,
    });
    expect(all.filter((f) => ['sip.cseq', 'sip.retransmit', 'reg.one-pbx'].includes(f.rule))).toEqual([]);
    expect(all.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('says a UA takes 20 s to answer a challenge, not that it never retried', async () => {
    const registrar = await startKamailio({ users: [{ user: 'lateuser', password: 'late-pass-7' }] });
    const file = path.join(dir, 'late-auth.pcapng');
    const dump = await startDumpcap({ filter: `udp port ${registrar.port}`, file });
    const ua = await startSipp({
      scenario: path.join(SCENARIOS, 'register-late-auth.xml'),
      remote: registrar.server,
      service: 'lateuser',
      authUser: 'lateuser',
      authPassword: 'late-pass-7',
    });
    const result = await ua.waitForExit(40_000);
    expect(result.exit.code, ua.errors()).toBe(0);
    await sleep(500);
    await dump.stop();
    await registrar.stop();

    const out = await runSipkit(['analyze', file, '--no-store', '--json'], env);
    const all = findings(out.json);
    const slow = all.filter((f) => f.rule === 'sip.auth');
    expect(slow).toHaveLength(1);
    expect(slow[0]?.title).toMatch(
      /^127\.0\.0\.1:\d+ takes 20(\.\d)? s to answer digest challenges \(1 of 1 challenge\)$/,
    );
    expect(all.some((f) => /never retried|credentials rejected/.test(f.title))).toBe(false);
  }, 60_000);

  it('ties the 200 OK repeats of a PBX behind NAT to its private Contact, with the fix per PBX', async () => {
    const ip = requireBinary('ip', 'iproute2');
    // A namespace of our own: 127.0.0.0/8 on lo, and the "LAN" 192.168.1.0/24 on a veth pair whose
    // far end has no address, so the ACK to the private Contact goes nowhere, as it would.
    const ns = `sipkit-farnat-${process.pid}`;
    const sh = async (args: readonly string[]): Promise<void> => {
      const r = await runProcess({ name: 'ip', command: ip, args, timeoutMs: 10_000 });
      if (r.exit.code !== 0) throw new Error(`ip ${args.join(' ')}: ${r.output.join('\n')}`);
    };
    await sh(['netns', 'add', ns]);
    try {
      await sh(['-n', ns, 'link', 'set', 'lo', 'up']);
      await sh(['-n', ns, 'link', 'add', 'lan0', 'type', 'veth', 'peer', 'name', 'lan1']);
      await sh(['-n', ns, 'addr', 'add', '192.168.1.1/24', 'dev', 'lan0']);
      await sh(['-n', ns, 'link', 'set', 'lan0', 'up']);
      await sh(['-n', ns, 'link', 'set', 'lan1', 'up']);
      // No one answers ARP for the PBX's LAN address: a fixed neighbour lets the ACK leave.
      await sh(['-n', ns, 'neigh', 'add', '192.168.1.20', 'lladdr', '02:00:00:00:01:14', 'dev', 'lan0']);
      const file = path.join(dir, 'far-nat.pcapng');
      const dump = await startDumpcap({
        filter: 'udp port 5060 or udp port 5080',
        file,
        ifaces: ['lo', 'lan0'],
        netns: ns,
      });
      const pbx = await startSipp({
        scenario: path.join(SCENARIOS, 'uas-private-contact.xml'),
        netns: { name: ns, address: '127.0.0.1' },
        localPort: 5080,
        calls: 1,
        // Four repeats (0.5, 1, 2, 4 s) instead of Timer H's 32 s: enough to see the pattern.
        extraArgs: ['-max_retrans', '4'],
      });
      const caller = await startSipp({
        scenario: path.join(SCENARIOS, 'uac-ack-to-contact.xml'),
        netns: { name: ns, address: '192.168.1.1' },
        remote: '127.0.0.1:5080',
        service: 'pbx',
      });
      await caller.waitForExit(30_000);
      await sleep(500);
      await dump.stop();
      await pbx.stop();

      const out = await runSipkit(['analyze', file, '--no-store', '--json'], env);
      const nat = findings(out.json).filter((f) => f.rule === 'sip.nat');
      expect(nat).toHaveLength(1);
      expect(nat[0]?.severity).toBe('error');
      expect(nat[0]?.title).toMatch(
        /^The answering side 127\.0\.0\.1:5080 is behind NAT: its 200 OK names private 192\.168\.1\.20 as Contact, so the ACK went to that address and the 200 OK was repeated [4-6] times without an ACK$/,
      );
      expect(nat[0]?.observed).toContain('SDP c=192.168.1.20');
      for (const word of ['external_signaling_address', 'local_net', 'External Address', 'ext-sip-ip'])
        expect(nat[0]?.fix).toContain(word);
      // The repeats are explained by the NAT finding; they are still counted as what they are.
      expect(
        findings(out.json).some((f) => f.rule === 'sip.retransmit' && f.title.startsWith('200 OK')),
      ).toBe(true);
    } finally {
      await sh(['netns', 'delete', ns]).catch(() => undefined);
    }
  }, 60_000);
});
