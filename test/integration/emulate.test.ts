// sipkit emulate against real PBXs: Debian's baresip as a customer's PBX registering to the
// Skyetel emulation (too-short refresh → 429 and reg.interval live; correct settings → clean, and
// an inbound DID call reaches it and is answered), SIPp as a trunk PBX against the SkySwitch
// emulation (wrong From host → 403 and trunk.from-host live; sipkit load finds the channel cap),
// svcrack (its scanner User-Agent is never answered, so it finds nothing; flagged sec.scanner)
// and a guesser hiding its User-Agent (SIPp with wrong passwords: locked out with 403).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBaresip } from '../support/baresip';
import { requireBinary } from '../support/binaries';
import { runProcess, stopAll } from '../support/child-process';
import { freeUdpPort } from '../support/ports';
import { useDataDir } from '../support/data-dir';
import { runSipkit, spawnSipkit, type SipkitChild } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';
import { SIPP_SCENARIO_DIR } from '../support/sipp-scenarios';

const PASSWORD = 'emulated-Secret-42';
const dataDir = useDataDir('sipkit-emulate-');
afterAll(async () => {
  await stopAll();
});

type Line = Record<string, unknown>;

/** No CANCEL in a stored run follows a final answer to its INVITE (RFC 3261 §9.1); the run holds a 503. */
async function expectNoCancelAfterFinal(run: number): Promise<void> {
  const shown = await runSipkit(['traces', 'show', String(run)], { SIPKIT_DATA_DIR: dataDir() });
  const heads = shown.stdout.split('\n').filter((l) => /^#\d+ /.test(l));
  expect(heads.some((h) => / 503 Service Unavailable \(CSeq \d+ INVITE\)/.test(h))).toBe(true);
  const answered = new Set<string>();
  for (const h of heads) {
    const callId = /Call-ID (\S+)/.exec(h)?.[1] ?? '';
    if (/ [2-6]\d\d [^(]*\(CSeq \d+ INVITE\)/.test(h)) answered.add(callId);
    if (/ CANCEL \(CSeq/.test(h)) expect(answered.has(callId), h).toBe(false);
  }
}

async function emulate(args: readonly string[]): Promise<{ child: SipkitChild; port: number }> {
  const port = await freeUdpPort();
  const child = spawnSipkit(
    ['emulate', '--listen', `127.0.0.1:${port}`, '--set', `registrar_port=${port}`, '--json', ...args],
    { SIPKIT_DATA_DIR: dataDir(), SIPKIT_PASSWORD: PASSWORD },
  );
  await child.waitForJson((l) => l.event === 'listening', 20_000);
  return { child, port };
}

/** SIPp registering as `user` with `password`, one REGISTER exchange per call, `rate` a second. */
function registeringSipp(
  scenario: 'uac-register-guess' | 'uac-register-repeat',
  port: number,
  user: string,
  password: string,
  calls: number,
  rate: number,
): ReturnType<typeof startSipp> {
  return startSipp({
    scenario: path.join(SIPP_SCENARIO_DIR, `${scenario}.xml`),
    remote: `127.0.0.1:${port}`,
    service: user,
    authUser: user,
    authPassword: password,
    calls,
    rate,
  });
}

describe('sipkit emulate with baresip as the customer PBX (skyetel)', () => {
  it('answers a refresh under the minimum interval with 429 and flags reg.interval while it runs', async () => {
    // A 12 s minimum and baresip asking 12 s: it refreshes at 90% of that, 10.8 s after the last,
    // 0.7 s inside the rule's 0.5 s tolerance for timer jitter (with 6 s it was 0.1 s inside, and
    // a busy machine's late timer made the refresh look on time).
    const { child, port } = await emulate([
      '--profile',
      'skyetel',
      '--user',
      '1001',
      '--set',
      'min_register_interval=12',
      '--set',
      'registrars=[]',
      '--for',
      '40',
    ]);
    const pbx = await startBaresip({
      registrar: `127.0.0.1:${port}`,
      user: '1001',
      password: PASSWORD,
      regintS: 12,
    });
    const refused = await child.waitForJson((l) => l.event === 'register' && l.status === 429, 25_000);
    expect(String(refused.detail)).toMatch(
      /registered again after 1[01]\.\d s, under min_register_interval 12 s: 429, Retry-After \d/,
    );
    // Live: told while the emulator still runs, not only at the end.
    const finding = await child.waitForJson(
      (l) => l.event === 'finding' && l.rule === 'reg.interval',
      10_000,
    );
    expect(finding.severity).toBe('error');
    await pbx.stop();
    child.kill('SIGINT');
    const done = await child.done;
    expect(done.code).toBe(1);
    const result = done.json.at(-1)!;
    expect((result.findings as Line[]).map((f) => f.rule)).toEqual(
      expect.arrayContaining(['reg.interval', 'reg.429']),
    );
    // The password is nowhere in what the emulator printed or stored.
    expect(done.stdout).not.toContain(PASSWORD);
    const show = await runSipkit(['traces', 'show', String(result.run), '--json'], {
      SIPKIT_DATA_DIR: dataDir(),
    });
    expect(show.stdout).not.toContain(PASSWORD);
    expect(show.stdout).toContain('SIP/2.0 429 Too Many Requests');
  });

  it('with correct settings: registered, no interval finding, and an inbound DID call is answered with two-way audio', async () => {
    const { child, port } = await emulate([
      '--profile',
      'skyetel',
      '--user',
      '1001',
      '--set',
      'min_register_interval=6',
      '--set',
      'registrars=[]',
      '--call-pbx',
      '+15551234567',
      '--hold',
      '2',
      '--for',
      '30',
    ]);
    const pbx = await startBaresip({
      registrar: `127.0.0.1:${port}`,
      user: '1001',
      password: PASSWORD,
      regintS: 30,
    });
    const call = await child.waitForJson((l) => l.event === 'to-pbx' && l.answered !== undefined, 20_000);
    expect(call).toMatchObject({ answered: true, status: 200, media: 'two-way', region: 1 });
    child.kill('SIGINT');
    const done = await child.done;
    await pbx.stop();
    const result = done.json.at(-1)!;
    expect(result.counts).toMatchObject({
      registrations: expect.any(Number),
      refusedRegistrations: 0,
      callsToPbx: 1,
    });
    const rules = (result.findings as Line[]).filter((f) => f.severity !== 'info').map((f) => f.rule);
    expect(rules).not.toContain('reg.interval');
    expect(rules).not.toContain('reg.429');
    expect(done.json.some((l) => l.event === 'register' && l.status === 200)).toBe(true);
  });
});

describe('sipkit emulate and sipkit load: the CPS cap', () => {
  it('sipkit load --ramp cps finds a 2 CPS cap: 2 clean, 3 failing with 503', async () => {
    const { child, port } = await emulate(['--profile', 'skyswitch', '--set', 'cps_limit=2', '--for', '60']);
    const load = await runSipkit(
      [
        'load',
        '--server',
        `127.0.0.1:${port}`,
        '--to',
        '+15551230000',
        '--profile',
        'skyswitch',
        '--set',
        'cps_limit=2',
        '--ramp',
        'cps',
        '--start',
        '1',
        '--step',
        '1',
        '--max',
        '4',
        '--step-seconds',
        '3',
        '--yes',
        '--json',
      ],
      { SIPKIT_DATA_DIR: dataDir() },
    );
    const result = load.json.at(-1)! as {
      run: number;
      result: { lastCleanStep?: number; firstFailingStep?: number };
    };
    expect(result.result).toMatchObject({ lastCleanStep: 2, firstFailingStep: 3 });
    // The refusal that ends the ramp ends its call: no CANCEL follows a final answer.
    await expectNoCancelAfterFinal(result.run);
    child.kill('SIGINT');
    const done = await child.done;
    expect(
      done.json.some(
        (l) => l.event === 'call' && l.status === 503 && /2 calls per second/.test(String(l.detail)),
      ),
    ).toBe(true);
  });

  it('a channel ramp refused at its first step ends its calls without cancelling the refused one', async () => {
    const { child, port } = await emulate([
      '--profile',
      'skyswitch',
      '--set',
      'channel_limit=1',
      '--for',
      '60',
    ]);
    const load = await runSipkit(
      ['load', '--server', `127.0.0.1:${port}`, '--to', '+15551230000', '--profile', 'skyswitch']
        .concat([
          '--set',
          'channel_limit=1',
          '--ramp',
          'channels',
          '--start',
          '2',
          '--step',
          '1',
          '--max',
          '3',
        ])
        .concat(['--yes', '--json']),
      { SIPKIT_DATA_DIR: dataDir() },
    );
    const result = load.json.at(-1)! as { run: number; result: { firstFailingStep?: number } };
    expect(result.result.firstFailingStep).toBe(2);
    // The other call of the step, still ringing, is cancelled; the refused one is not.
    await expectNoCancelAfterFinal(result.run);
    child.kill('SIGINT');
    await child.done;
  });
});

describe('sipkit emulate, two regions', () => {
  it('takes the regions in turn: a PBX registered to one region only misses the other region’s DID call', async () => {
    const second = await freeUdpPort();
    const { child, port } = await emulate([
      '--profile',
      'skyetel',
      '--user',
      '1001',
      '--region',
      `127.0.0.1:${second}`,
      '--set',
      'registrars=[]',
      '--call-pbx',
      '+15551234567',
      '--calls-to-pbx',
      '2',
      '--hold',
      '1',
      '--for',
      '30',
    ]);
    const pbx = await startBaresip({
      registrar: `127.0.0.1:${port}`,
      user: '1001',
      password: PASSWORD,
      regintS: 300,
    });
    const missed = await child.waitForJson((l) => l.event === 'to-pbx' && l.missed === true, 20_000);
    expect(missed.region).toBe(2);
    child.kill('SIGINT');
    const done = await child.done;
    await pbx.stop();
    const calls = done.json.filter((l) => l.event === 'to-pbx' && l.answered !== undefined);
    expect(calls.map((c) => [c.region, c.answered])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(done.code).toBe(1);
  });

  it('refuses to start without --listen, or without credentials for a registration trunk, in one line (exit 2)', async () => {
    for (const args of [
      ['emulate', '--profile', 'skyetel', '--user', '1001'],
      ['emulate', '--profile', 'skyetel', '--listen', '127.0.0.1:5060'],
    ]) {
      const run = await runSipkit(args, { SIPKIT_DATA_DIR: dataDir(), SIPKIT_PASSWORD: PASSWORD });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('sipkit emulate with SIPp as a trunk PBX (skyswitch)', () => {
  it('refuses a call with the wrong From host with 403 and flags trunk.from-host live', async () => {
    const { child, port } = await emulate(['--profile', 'skyswitch', '--for', '30']);
    const sipp = await startSipp({
      scenario: 'uac-call-rejected',
      remote: `127.0.0.1:${port}`,
      service: '+15551230000',
      keys: { expect: 403, from_host: 'pbx.customer.example' },
    });
    await sipp.waitForExit(20_000);
    expect(sipp.exitCode(), sipp.errors()).toBe(0);
    const finding = await child.waitForJson(
      (l) => l.event === 'finding' && l.rule === 'trunk.from-host',
      10_000,
    );
    expect(String(finding.title)).toContain('pbx.customer.example');
    child.kill('SIGINT');
    const done = await child.done;
    const refused = done.json.find((l) => l.event === 'call' && l.status === 403)!;
    expect(String(refused.detail)).toContain(
      'From host pbx.customer.example is not the trunk name trunking-customer.15611.service',
    );
  });

  it('sipkit load finds the trunk’s outbound channel cap, and a REGISTER gets 405', async () => {
    const { child, port } = await emulate([
      '--profile',
      'skyswitch',
      '--set',
      'outbound_limit=3',
      '--for',
      '60',
    ]);
    const load = await runSipkit(
      [
        'load',
        '--server',
        `127.0.0.1:${port}`,
        '--to',
        '+15551230000',
        '--profile',
        'skyswitch',
        '--ramp',
        'channels',
        '--start',
        '1',
        '--step',
        '1',
        '--max',
        '6',
        '--step-seconds',
        '1',
        '--cps',
        '5',
        '--json',
      ],
      { SIPKIT_DATA_DIR: dataDir() },
    );
    const result = load.json.at(-1)! as { result: { lastCleanStep?: number; firstFailingStep?: number } };
    expect(result.result.lastCleanStep).toBe(3);
    expect(result.result.firstFailingStep).toBe(4);
    const register = await runSipkit(
      ['register', '--server', `127.0.0.1:${port}`, '--user', '1001', '--once', '--json'],
      {
        SIPKIT_DATA_DIR: dataDir(),
        SIPKIT_PASSWORD: 'x',
      },
    );
    expect(register.stdout).toContain('405');
    child.kill('SIGINT');
    const done = await child.done;
    expect(
      done.json.some(
        (l) => l.event === 'call' && l.status === 503 && /cap of 3 outbound calls/.test(String(l.detail)),
      ),
    ).toBe(true);
  });
});

describe('sipkit emulate and password guessers', () => {
  it('does not answer svcrack at all (a scanner User-Agent), and flags it as a scanner', async () => {
    const svcrack = requireBinary('svcrack', 'sipvicious');
    const { child, port } = await emulate(['--profile', 'skyetel', '--user', '100', '--for', '60']);
    const crack = await runProcess({
      name: 'svcrack',
      command: svcrack,
      args: ['-u100', '-r1000-1099', '-p', String(port), '127.0.0.1'],
      timeoutMs: 60_000,
    });
    expect(`${crack.stdout}${crack.stderr}`).toMatch(/found nothing|no server response/i);
    // Still up, and an OPTIONS ping is answered.
    const ping = await runSipkit(['options', '--server', `127.0.0.1:${port}`, '--count', '1'], {
      SIPKIT_DATA_DIR: dataDir(),
    });
    expect(ping.code).toBe(0);
    const flagged = await child.waitForJson((l) => l.event === 'finding' && l.rule === 'sec.scanner', 10_000);
    expect(String(flagged.title)).toContain('127.0.0.1');
    child.kill('SIGINT');
    const done = await child.done;
    expect(done.json.at(-1)!.counts).toMatchObject({ registrations: 0 });
  });

  it('locks out a guesser that hides its User-Agent after 5 wrong passwords: 403 from then on', async () => {
    const { child, port } = await emulate([
      '--profile',
      'skyetel',
      '--user',
      '100',
      '--lockout-failures',
      '5',
      '--lockout-seconds',
      '120',
      '--for',
      '60',
    ]);
    const guesser = await registeringSipp('uac-register-guess', port, '100', 'guess-1234', 8, 4);
    await guesser.waitForExit(30_000);
    const locked = await child.waitForJson((l) => l.event === 'locked-out', 5000);
    expect(locked).toMatchObject({ failures: 5, forS: 120 });
    const answers = guesser
      .messages()
      .filter((m) => m.direction === 'received')
      .map((m) => m.status);
    // Five wrong guesses re-challenged, then 403 for everything from that address.
    expect(answers.filter((s) => s === 403).length).toBeGreaterThanOrEqual(3);
    expect(answers).not.toContain(200);
    child.kill('SIGINT');
    const done = await child.done;
    const result = done.json.at(-1)!;
    expect(result.lockedOut).toEqual([expect.objectContaining({ address: '127.0.0.1' })]);
    expect(result.counts).toMatchObject({ registrations: 0, authFailures: 5 });
  });

  it('blocks a PBX that keeps registering under the minimum interval: after 3 429s in a row, silence', async () => {
    const { child, port } = await emulate([
      '--profile',
      'skyetel',
      '--user',
      '1001',
      '--block-after',
      '3',
      '--block-seconds',
      '90',
      '--for',
      '60',
    ]);
    const pbx = await registeringSipp('uac-register-repeat', port, '1001', PASSWORD, 6, 2);
    await pbx.waitForExit(40_000);
    const blocked = await child.waitForJson((l) => l.event === 'locked-out', 5000);
    expect(blocked).toMatchObject({ reason: 'interval', failures: 3, forS: 90 });
    expect(String(blocked.message)).toMatch(/blocked for 90 s after 3 registrations refused with 429/);
    // One registration granted, three refused with 429, then nothing at all for the last two.
    const finals = pbx
      .messages()
      .filter((m) => m.direction === 'received' && m.status !== 401)
      .map((m) => m.status);
    expect(finals).toEqual([200, 429, 429, 429]);
    child.kill('SIGINT');
    const done = await child.done;
    const result = done.json.at(-1)!;
    expect(result.lockedOut).toEqual([expect.objectContaining({ address: '127.0.0.1' })]);
    expect(result.counts).toMatchObject({ registrations: 1, refusedRegistrations: 3 });
  });
});
