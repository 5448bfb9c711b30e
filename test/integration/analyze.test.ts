// `sipkit analyze` as support staff use it: on runs captured live against real peers, on a pcap
// written by dumpcap (Wireshark's capture engine) while SIPp bursts calls, on the guide's damaged
// sample INVITE, and on files it cannot read.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { startKamailio } from '../support/kamailio';
import { startKamailioTrunk } from '../support/kamailio-relay';
import { runSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';

const SEED_INVITE = path.resolve(__dirname, '../fixtures/traces/seed-000-sample-invite.txt');
const TRUNK = 'trunking-customer.15611.service';

function findings(json: Record<string, unknown>[]) {
  return json.filter((l) => l.type === 'finding') as { rule: string; severity: string; title: string }[];
}

describe('sipkit analyze', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-analyze-'));
    env = { SIPKIT_DATA_DIR: dir };
  });
  afterAll(async () => {
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the 429 and the too-fast refreshes in a live registration run (reg.interval, reg.429)', async () => {
    const k = await startKamailio({
      users: [{ user: 'fast', password: 'fast-pass-1' }],
      minRegisterInterval: 5,
      retryAfter: 6,
    });
    // Expires 4: the client refreshes after 2 s, sooner than the registrar's 5 s rule.
    const reg = await runSipkit(
      ['register', '--server', k.server, '--user', 'fast', '--expires', '4', '--for', '4', '--json'],
      {
        ...env,
        SIPKIT_PASSWORD: 'fast-pass-1',
      },
    );
    await k.stop();
    expect(reg.json.some((l) => l.rule === 'reg.429')).toBe(true);
    const run = String(reg.json.at(-1)!.run);
    const bad = await runSipkit(['analyze', '--run', run, '--min-register-interval', '5', '--json'], env);
    expect(bad.code).toBe(1);
    const rules = findings(bad.json)
      .filter((f) => f.severity === 'error')
      .map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['reg.interval', 'reg.429']));
    // Near miss: a provider that allows refreshing every second has nothing to say about intervals.
    const ok = await runSipkit(['analyze', '--run', run, '--min-register-interval', '1', '--json'], env);
    expect(findings(ok.json).some((f) => f.rule === 'reg.interval')).toBe(false);
  });

  it('flags the From host a trunk refused (trunk.from-host) and explains the 403', async () => {
    const sipp = await startSipp({ scenario: 'uas-answer', rtpEcho: true });
    const trunk = await startKamailioTrunk({ trunkName: TRUNK, forwardTo: sipp.address });
    const call = await runSipkit(
      [
        'call',
        '--server',
        trunk.server,
        '--to',
        '+15551230000',
        '--from-host',
        'pbx.customer.example',
        '--json',
      ],
      env,
    );
    expect(call.json.at(-1)).toMatchObject({ status: 403 });
    const run = String(call.json.at(-1)!.run);
    const out = await runSipkit(['analyze', '--run', run, '--profile', 'skyswitch', '--json'], env);
    expect(out.code).toBe(1);
    const f = findings(out.json);
    expect(f.find((x) => x.rule === 'trunk.from-host')).toMatchObject({ severity: 'error' });
    expect(f.some((x) => x.rule === 'sip.failure-response' && /403/.test(x.title))).toBe(true);
    // Near miss: the right From host gives no trunk.from-host finding.
    const good = await runSipkit(
      [
        'call',
        '--server',
        trunk.server,
        '--to',
        '+15551230000',
        '--profile',
        'skyswitch',
        '--hold',
        '1',
        '--json',
      ],
      env,
    );
    expect(good.json.at(-1)).toMatchObject({ outcome: 'completed' });
    const clean = await runSipkit(
      ['analyze', '--run', String(good.json.at(-1)!.run), '--profile', 'skyswitch', '--json'],
      env,
    );
    expect(findings(clean.json).some((x) => x.rule === 'trunk.from-host')).toBe(false);
    await trunk.stop();
    await sipp.stop();
  });

  it('reads a dumpcap capture of a call burst and flags calls per second over the limit (reg.cps)', async () => {
    const uas = await startSipp({ scenario: 'uas-answer', rtpEcho: false, keys: { ring_ms: 0 } });
    const file = path.join(dir, 'burst.pcapng');
    const capture = await startDumpcap({ filter: `udp port ${uas.port}`, file: file });
    const uac = await startSipp({
      scenario: 'uac',
      remote: uas.address,
      calls: 6,
      rate: 6,
      extraArgs: ['-d', '200'],
    });
    await uac.waitForExit(30_000);
    await new Promise((r) => setTimeout(r, 500)); // let the last packets reach the capture file
    await capture.stop();
    await uas.stop();

    const over = await runSipkit(['analyze', file, '--set', 'cps_limit=2', '--json'], env);
    expect(
      over.json.find((l) => l.type === 'import' && typeof l.messages === 'number')?.messages,
    ).toBeGreaterThanOrEqual(6 * 5);
    expect(findings(over.json).find((f) => f.rule === 'reg.cps')).toMatchObject({ severity: 'error' });
    expect(over.code).toBe(1);
    const under = await runSipkit(['analyze', file, '--set', 'cps_limit=20', '--json'], env);
    expect(findings(under.json).some((f) => f.rule === 'reg.cps')).toBe(false);
  });

  it('finds the four damaged places of the guide\u2019s sample INVITE', async () => {
    const out = await runSipkit(
      ['analyze', SEED_INVITE, '--profile', 'skyswitch', '--no-store', '--json'],
      env,
    );
    expect(out.code).toBe(1);
    const syntax = findings(out.json)
      .filter((f) => f.rule === 'sip.syntax' && f.severity === 'error')
      .map((f) => f.title);
    expect(syntax.some((t) => /Line 2 \(via\).*no host/.test(t))).toBe(true);
    expect(syntax.some((t) => /Line 4 \(to\).*no '<' opened/.test(t))).toBe(true);
    expect(syntax.some((t) => /Line 8 \(contact\).*no '<' opened/.test(t))).toBe(true);
    expect(syntax.some((t) => /Line 8 \(contact\).*no host/.test(t))).toBe(true);
  });

  it('imports what is readable from a truncated capture and says where it stopped', async () => {
    const { readFileSync } = await import('node:fs');
    const whole = readFileSync(path.resolve(__dirname, '../fixtures/pcap/kamailio-sipsak-sll.pcap'));
    const cut = path.join(dir, 'cut.pcap');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const out = await runSipkit(['analyze', cut, '--no-store', '--json'], env);
    expect(
      out.json.some((l) => l.level === 'warning' && /stopped at packet \d+/.test(String(l.message))),
    ).toBe(true);
    expect(
      out.json.find((l) => l.type === 'import' && typeof l.messages === 'number')?.messages,
    ).toBeGreaterThan(0);
  });

  it('exits 2 with one line for a missing file and for a file with no SIP in it', async () => {
    const missing = await runSipkit(['analyze', path.join(dir, 'nope.pcap')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^sipkit: cannot read .*nope\.pcap: no such file$/);
    const junk = path.join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const out = await runSipkit(['analyze', junk], env);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/no SIP messages found/);
  });
});
