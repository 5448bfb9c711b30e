// `sipkit analyze` on logs written by a PBX (issue 16 item 6): the log says which way each message
// went, so an inbound call from the provider is never judged as one the PBX sent; the PBX's own
// address fills its side; a log without times skips what measures intervals, also when its stored
// run is analysed again; and a real UA's trace (baresip -s, registering with Kamailio) reads with
// the directions and addresses the UA really used.
import { copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip } from '../support/baresip';
import { stopAll } from '../support/child-process';
import { startKamailio } from '../support/kamailio';
import { runSipkit } from '../support/sipkit-cli';

const FIXTURES = path.resolve(__dirname, '../fixtures/text');
const LOOP = path.join(FIXTURES, 'asterisk-pjsip-inbound-loop.txt');
const UNDATED = path.join(FIXTURES, 'asterisk-pjsip-console-undated.txt');

interface FindingLine {
  readonly rule: string;
  readonly severity: string;
  readonly title: string;
  readonly evidence: readonly { readonly messageIndex: number }[];
}

function findings(json: Record<string, unknown>[]): FindingLine[] {
  return json.filter((l) => l.type === 'finding') as unknown as FindingLine[];
}

function runOf(json: Record<string, unknown>[]): string {
  const stored = json.find((l) => typeof l.run === 'number');
  return String(stored!.run);
}

describe('sipkit analyze on PBX logs', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-text-logs-'));
    env = { SIPKIT_DATA_DIR: dir };
  });
  afterAll(async () => {
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an inbound call from the provider in an Asterisk log is not judged as sent by the PBX, and its overwritten caller ID is found', async () => {
    const args = ['--profile', 'skyswitch', '--pbx-ip', '203.0.113.45', '--json'];
    const r = await runSipkit(['analyze', LOOP, ...args], env);
    const list = findings(r.json);
    // The provider writes its own From on the calls it delivers, from its own address.
    expect(list.filter((f) => f.rule === 'trunk.from-host')).toEqual([]);
    expect(list.filter((f) => f.rule === 'trunk.source-ip' && f.severity === 'error')).toEqual([]);
    // The PBX's own call left from its private address: information, not an error.
    const source = list.filter((f) => f.rule === 'trunk.source-ip');
    expect(source.map((f) => f.evidence.map((e) => e.messageIndex))).toEqual([[0]]);
    expect(source[0]!.title).toMatch(/192\.168\.1\.20/);
    // The loop test: 2035550111 sent out, 2035550000 (the domain's) arrived.
    const overwritten = list.find((f) => f.rule === 'trunk.caller-id' && /replaced/.test(f.title));
    expect(overwritten?.title).toMatch(/sent 2035550111, arrived 2035550000/);
    // No message is reported cut off: the log ends right after the last header line.
    expect(r.stdout).not.toMatch(/cut off|no empty line ends the headers/);
    expect(r.code).toBe(0);

    // The stored run knows which way each message went: `traces show` puts the PBX on our side
    // ("local → remote" sent, "local ← remote" received).
    const run = runOf(r.json);
    const shown = await runSipkit(['traces', 'show', run], env);
    expect(shown.stdout).toMatch(/#1 .*192\.168\.1\.20:5060 → 198\.51\.100\.10:5060 {2}INVITE/);
    expect(shown.stdout).toMatch(/#3 .*192\.168\.1\.20:5060 ← 198\.51\.100\.10:5060 {2}INVITE/);
    expect(shown.stdout).not.toMatch(/0\.0\.0\.0:0/);
    // Analysed again from the store, the run gives the same verdicts.
    const again = findings((await runSipkit(['analyze', '--run', run, ...args], env)).json);
    expect(again.filter((f) => f.rule === 'trunk.from-host' || f.severity === 'error')).toEqual([]);
    expect(again.some((f) => f.rule === 'trunk.caller-id' && /replaced/.test(f.title))).toBe(true);
  });

  it('a log whose stamps have no year is dated by its file: the run starts on the day the log says, in the year before the file last changed', async () => {
    const dated = async (changed: string): Promise<{ warning: string; started: string }> => {
      const file = path.join(dir, `loop-${changed}.txt`);
      copyFileSync(LOOP, file);
      utimesSync(file, new Date(changed), new Date(changed));
      const r = await runSipkit(['analyze', file, '--json'], env);
      const list = await runSipkit(['traces', 'list'], env);
      const row = list.stdout.split('\n').find((l) => l.startsWith(`${runOf(r.json)} `)) ?? '';
      return {
        warning: String(r.json.find((l) => /without a year/.test(String(l.message)))?.message),
        started: row,
      };
    };
    // The log's first line is "[Mar  5 14:02:20]".
    const march = await dated('2026-03-10T12:00:00Z');
    expect(march.warning).toMatch(
      /placed in 2026, the latest year that puts them before the file was last changed/,
    );
    expect(march.started).toMatch(/ 2026-03-05 14:02:20 /);
    const february = await dated('2026-02-20T12:00:00Z');
    expect(february.started).toMatch(/ 2025-03-05 14:02:20 /);
    expect(march.warning + february.warning).not.toMatch(/1970/);
  });

  it('a log without times says so and judges no refresh interval, from the file or from its stored run', async () => {
    const r = await runSipkit(['analyze', UNDATED, '--profile', 'skyetel', '--json'], env);
    expect(r.stdout).toMatch(/times are unknown/);
    expect(r.stdout).not.toMatch(/1970/);
    expect(findings(r.json).filter((f) => f.rule === 'reg.interval')).toEqual([]);
    // The stored run once got the import's clock for every message: "repeated after 0 s".
    const again = await runSipkit(['analyze', '--run', runOf(r.json), '--profile', 'skyetel', '--json'], env);
    expect(again.stdout).toMatch(/times are unknown/);
    expect(findings(again.json).filter((f) => f.rule === 'reg.interval')).toEqual([]);
    expect(again.code).toBe(0);
  });

  it("reads a real UA's SIP trace (baresip -s registering with Kamailio) with the directions and addresses it used", async () => {
    const k = await startKamailio({ users: [{ user: 'pbx1', password: 'pbx-pass-1' }] });
    const ua = await startBaresip({
      registrar: k.server,
      user: 'pbx1',
      password: 'pbx-pass-1',
      regintS: 60,
      sipTrace: true,
    });
    // Registered: the 200 OK to the credentialed REGISTER is in the trace.
    await ua.process.waitForLine(/^SIP\/2\.0 200 OK/, 10_000);
    await ua.stop();
    await k.stop();
    const log = path.join(dir, 'baresip.log');
    writeFileSync(log, `${ua.process.recentOutput().join('\n')}\n`, 'latin1');

    const r = await runSipkit(['analyze', log, '--json'], env);
    const read = r.json.find((l) => l.format !== undefined);
    expect(read?.format).toBe('baresip-sip-trace');
    expect(r.stdout).toMatch(/times are unknown/);
    const shown = await runSipkit(['traces', 'show', runOf(r.json)], env);
    const heads = shown.stdout.split('\n').filter((l) => /^#\d+ /.test(l));
    const me = `127.0.0.1:${ua.port}`;
    // REGISTER, 401, REGISTER with credentials, 200 (at least): every request from the UA to
    // Kamailio, every response back.
    expect(heads.length).toBeGreaterThanOrEqual(4);
    expect(Number(read?.messages)).toBe(heads.length);
    for (const h of heads) {
      // "local → remote" sent by the UA, "local ← remote" received by it.
      if (/REGISTER \(CSeq/.test(h)) expect(h).toContain(`${me} → ${k.server}`);
      else expect(h).toContain(`${me} ← ${k.server}`);
    }
    expect(heads.some((h) => / 401 /.test(h))).toBe(true);
    expect(heads.some((h) => / 200 /.test(h))).toBe(true);
  });
});
