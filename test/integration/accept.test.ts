// `sipkit accept` as a technician runs it on site, against the provider emulator playing the
// provider (test/support/acceptance-provider.ts: a registrar and trunk on loopback that rings a
// DID back to the PBX's registration). A correct set-up passes every step and exits 0; a wrong
// From host, a too-fast refresh, a DID call that never arrives and a one-way-audio trunk each
// fail exactly their own step, with the fix named, and exit 1.
import { createSocket } from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AcceptanceRun, AcceptanceStep } from '../../shared/ipc/schemas/acceptance';
import { acceptanceRunSchema } from '../../shared/ipc/schemas/acceptance';
import { resolveProfile } from '../../shared/profiles/resolve-profile';
import { startAcceptanceProvider, type AcceptanceProvider } from '../support/acceptance-provider';
import { startDnsmasq, type DnsmasqHandle } from '../support/dnsmasq';
import { useDataDir } from '../support/data-dir';
import { runSipkit, spawnSipkit } from '../support/sipkit-cli';
import { openTargetFile } from '../../electron/store/target-file';
import { targetFieldsSchema } from '../../shared/ipc/schemas/targets';
import { sleep, waitUntil } from '../support/wait';

const PASSWORD = 'acceptance-Secret-77';
const DID = '+15557654321';
const CALLER = '+15551112222';
const ECHO = '+15551230000';

const dataDir = useDataDir('sipkit-accept-');
const providers: AcceptanceProvider[] = [];
afterAll(async () => {
  await Promise.all(providers.map((p) => p.stop()));
});

/** Profile overrides both sides share: one region on the emulator's port, a 6 s minimum interval. */
function overrides(port: number): string[] {
  return ['registrars=[]', `registrar_port=${port}`, 'min_register_interval=6'];
}

async function provider(
  profile: string,
  opts: { loopDids?: string[]; silent?: boolean; set?: string[]; regions?: number } = {},
): Promise<AcceptanceProvider> {
  const p = await startAcceptanceProvider({
    // The emulator enforces the interval and the trunk rules; registrar_port is only the PBX's to check.
    profile: resolveProfile({
      name: profile,
      set: ['registrars=[]', 'min_register_interval=6', ...(opts.set ?? [])],
    }),
    passwords: new Map([['1001', PASSWORD]]),
    loopDids: opts.loopDids,
    silent: opts.silent,
    regions: opts.regions,
  });
  providers.push(p);
  return p;
}

interface Accepted {
  readonly code: number;
  readonly run: AcceptanceRun;
  readonly stdout: string;
  readonly lines: Record<string, unknown>[];
}

/** `sipkit accept --json` with the test numbers; `args` add to (and, repeated, override) them. */
async function acceptCli(args: readonly string[], env: Record<string, string> = {}): Promise<Accepted> {
  const result = await runSipkit(
    ['accept', '--to', ECHO, '--from', CALLER, '--time-limit', '60', '--json', ...args],
    { SIPKIT_DATA_DIR: dataDir(), SIPKIT_PASSWORD: PASSWORD, ...env },
    90_000,
  );
  const last = result.json.at(-1)!;
  expect(last, result.stdout + result.stderr).toMatchObject({ type: 'result' });
  // A run that could not start says why in the result line.
  expect(last.error, result.stderr).toBeUndefined();
  const run = acceptanceRunSchema.parse(last.run);
  return { code: result.code, run, stdout: result.stdout, lines: result.json };
}

/** Against the emulated provider's region 1, with the profile both sides share. */
function accept(p: AcceptanceProvider, profile: string, args: readonly string[]): Promise<Accepted> {
  const sets = [...overrides(p.port), ...args.filter((_a, i) => args[i - 1] === '--set')];
  const rest = args.filter((a, i) => a !== '--set' && args[i - 1] !== '--set');
  return acceptCli([
    '--server',
    `127.0.0.1:${p.port}`,
    '--profile',
    profile,
    ...sets.flatMap((s) => ['--set', s]),
    ...rest,
  ]);
}

function stepsBy(run: AcceptanceRun): Record<string, AcceptanceStep> {
  return Object.fromEntries(run.steps.map((s) => [s.id, s]));
}

/** The ids of the steps that failed: each broken set-up must fail exactly its own. */
function failedSteps(run: AcceptanceRun): string[] {
  return run.steps.filter((s) => s.status === 'fail').map((s) => s.id);
}

function statuses(run: AcceptanceRun): Record<string, string> {
  return Object.fromEntries(run.steps.map((s) => [s.id, s.status]));
}

describe('sipkit accept', () => {
  it('passes every step of a correct registration trunk, with the DID ringing back on our registration', async () => {
    // Small caps, so the confirmed ramp finds them in a few steps.
    const caps = ['cps_limit=2', 'channel_limit=3'];
    const p = await provider('skyetel', { loopDids: [DID], set: caps });
    const { code, run, stdout, lines } = await accept(p, 'skyetel', [
      '--user',
      '1001',
      '--did',
      DID,
      '--caps',
      ...caps.flatMap((c) => ['--set', c]),
      '--site',
      'Acme HQ',
    ]);
    expect(statuses(run), stdout).toEqual({
      dns: 'pass',
      'options:1': 'pass',
      'register:1': 'pass',
      'call-out': 'pass',
      'call-in': 'pass',
      caps: 'pass',
      findings: 'pass',
    });
    expect(code).toBe(0);
    expect(run).toMatchObject({ verdict: 'ready', state: 'done', site: 'Acme HQ', profile: 'skyetel' });
    const s = stepsBy(run);
    // The figures a technician reads: the granted Expires within bounds, DTMF heard back, the
    // caller ID passed through as sent, the region that delivered the DID call.
    expect(s['register:1']!.figures).toContainEqual(
      expect.objectContaining({ label: 'Granted Expires', value: '300 s', ok: true }),
    );
    expect(s['call-out']!.figures).toContainEqual(
      expect.objectContaining({ label: 'DTMF heard back', ok: true }),
    );
    expect(s['call-in']!.figures).toContainEqual(
      expect.objectContaining({
        label: 'Caller ID received',
        ok: true,
        value: expect.stringContaining(CALLER),
      }),
    );
    expect(s['call-in']!.figures).toContainEqual(
      expect.objectContaining({ label: 'Delivered by', value: expect.stringContaining('region 1') }),
    );
    // The ramp finds the emulated trunk's caps exactly; its refusals above them fail nothing.
    expect(s.caps!.figures).toContainEqual(
      expect.objectContaining({
        label: 'Calls per second cap',
        value: expect.stringMatching(/^2 CPS clean, refused at 3 CPS/),
      }),
    );
    expect(s.caps!.figures).toContainEqual(
      expect.objectContaining({
        label: 'Channels cap',
        value: expect.stringMatching(/^3 channels clean, refused at 4/),
      }),
    );
    // Evidence points at stored messages and calls of this one run.
    expect(s['register:1']!.evidence.some((e) => e.messageId !== undefined)).toBe(true);
    expect(s['call-in']!.evidence.filter((e) => e.callId)).toHaveLength(2);
    expect(lines.filter((l) => l.type === 'step').length).toBeGreaterThanOrEqual(run.steps.length);
    // The run is stored, with its acceptance result, and holds both legs of the loop.
    const show = await runSipkit(['traces', 'show', String(run.runId), '--json'], {
      SIPKIT_DATA_DIR: dataDir(),
    });
    expect(show.stdout).not.toContain(PASSWORD);
    const invites = show.json.filter((l) => l.type === 'message' && l.method === 'INVITE');
    expect(new Set(invites.map((l) => l.direction))).toEqual(new Set(['in', 'out']));
    const list = await runSipkit(['traces', 'list', '--json'], { SIPKIT_DATA_DIR: dataDir() });
    expect(list.stdout).toContain('acceptance: ready');
  });

  it('fails only the outbound call when the saved target\u2019s From host is not the trunk name, and names it', async () => {
    const set = ['pbx_ip=127.0.0.1'];
    const p = await provider('skyswitch', { set });
    // The target as the app saved it (targets.json in the data folder), with the wrong trunk name.
    openTargetFile(dataDir(), () => undefined).save([
      {
        ...targetFieldsSchema.parse({
          name: 'Acme PBX via SkySwitch',
          profile: 'skyswitch',
          server: `127.0.0.1:${p.port}`,
          trunkName: 'wrong.example.com',
        }),
        id: 'acme-pbx-via-skyswitch-t3st01',
      },
    ]);
    const { code, run } = await acceptCli([
      '--target',
      'acme pbx via skyswitch',
      ...[...overrides(p.port), set[0]!].flatMap((v) => ['--set', v]),
    ]);
    expect(run.target).toBe('Acme PBX via SkySwitch');
    expect(statuses(run)).toEqual({
      dns: 'pass',
      'options:1': 'pass',
      'call-out': 'fail',
      'call-in': 'skipped',
      caps: 'skipped',
      findings: 'pass',
    });
    expect(code).toBe(1);
    const out = stepsBy(run)['call-out']!;
    expect(out.rules).toContain('trunk.from-host');
    expect(out.fix).toContain('trunking-customer.15611.service');
    expect(run.verdict).toBe('not-ready');
  });

  it('fails only the registration when the PBX would refresh faster than the provider allows', async () => {
    const p = await provider('skyetel');
    const { code, run } = await accept(p, 'skyetel', ['--user', '1001', '--expires', '3']);
    const st = statuses(run);
    expect(failedSteps(run)).toEqual(['register:1']);
    // Registered all the same (after the 423): the outbound call still runs and passes.
    expect(st['call-out']).toBe('pass');
    expect(code).toBe(1);
    const reg = stepsBy(run)['register:1']!;
    expect(reg.rules).toContain('reg.interval');
    expect(reg.fix).toMatch(/registration expiry to at least \d+ s/);
    expect(reg.figures).toContainEqual(
      expect.objectContaining({ label: '423 Interval Too Brief', ok: false }),
    );
  });

  it('fails only the inbound call when the DID call never reaches our registration', async () => {
    const p = await provider('skyetel', { loopDids: [] });
    const { code, run } = await accept(p, 'skyetel', ['--user', '1001', '--did', DID]);
    const st = statuses(run);
    expect(failedSteps(run)).toEqual(['call-in']);
    expect(st['call-out']).toBe('pass');
    expect(code).toBe(1);
    const inbound = stepsBy(run)['call-in']!;
    expect(inbound.reason).toContain('never reached our registration');
    expect(inbound.fix).toContain(`Route the DID ${DID}`);
  });

  it('fails only the outbound call on a one-way-audio trunk, and the DID test depending on it is skipped', async () => {
    const p = await provider('skyetel', { loopDids: [DID], silent: true });
    const { code, run } = await accept(p, 'skyetel', ['--user', '1001', '--did', DID]);
    const st = statuses(run);
    expect(failedSteps(run)).toEqual(['call-out']);
    expect(st['call-in']).toBe('skipped');
    expect(code).toBe(1);
    const out = stepsBy(run)['call-out']!;
    expect(out.figures).toContainEqual(
      expect.objectContaining({ label: 'Audio (the outbound call)', ok: false }),
    );
    expect(out.fix).toMatch(/none comes back/);
    expect(stepsBy(run)['call-in']!.reason).toContain('outbound call failed');
  });

  it('ends at its time limit when the registrar never answers: the steps not done are skipped with the reason', async () => {
    // A socket that takes every datagram and answers none: timer F alone would wait 32 s.
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const { code, run } = await acceptCli([
        '--server',
        `127.0.0.1:${silent.address().port}`,
        '--user',
        '1001',
        '--did',
        DID,
        '--time-limit',
        '10',
      ]);
      expect(code).toBe(1);
      expect(run).toMatchObject({ state: 'timed-out', verdict: 'incomplete' });
      const st = statuses(run);
      expect(st).toMatchObject({
        dns: 'pass',
        'options:1': 'skipped',
        'register:1': 'skipped',
        'call-out': 'skipped',
      });
      expect(stepsBy(run)['options:1']!.reason).toBe('the time limit of 10 s was reached');
      expect(Object.values(st)).not.toContain('running');
    } finally {
      silent.close();
    }
  });

  it('stops on Ctrl-C during the outbound call: hung up, un-registered, the rest skipped and the run saved', async () => {
    const p = await provider('skyetel', { loopDids: [DID] });
    const child = spawnSipkit(
      [
        'accept',
        '--server',
        `127.0.0.1:${p.port}`,
        '--profile',
        'skyetel',
        ...overrides(p.port).flatMap((s) => ['--set', s]),
        '--user',
        '1001',
        '--to',
        ECHO,
        '--from',
        CALLER,
        '--did',
        DID,
        '--json',
      ],
      { SIPKIT_DATA_DIR: dataDir(), SIPKIT_PASSWORD: PASSWORD },
    );
    const running = (l: Record<string, unknown>): boolean => {
      const step = l.step as AcceptanceStep | undefined;
      return step?.id === 'call-out' && step.status === 'running';
    };
    await child.waitForJson(running, 30_000);
    // Once the call is up at the provider, not while it is still being set up.
    await waitUntil(() => p.emulator.callsUp > 0, {
      timeoutMs: 10_000,
      describeFailure: () => 'the outbound call never came up at the provider',
    });
    // It rings 0.2 s there, then is answered and held for a few seconds: stop it while answered.
    await sleep(1000);
    child.kill('SIGINT');
    const done = await child.done;
    expect(done.code).toBe(1);
    const run = acceptanceRunSchema.parse(done.json.at(-1)!.run);
    expect(run).toMatchObject({ state: 'aborted', verdict: 'incomplete' });
    expect(stepsBy(run)['call-out']).toMatchObject({ status: 'skipped', reason: 'the run was aborted' });
    expect(stepsBy(run)['call-in']!.status).toBe('skipped');
    // The findings of what ran are still there, and nothing is left up at the provider.
    expect(['pass', 'fail']).toContain(stepsBy(run).findings!.status);
    await waitUntil(() => p.emulator.callsUp === 0 && p.emulator.bindings().length === 0, {
      timeoutMs: 10_000,
      describeFailure: () =>
        `${p.emulator.callsUp} call(s) up and ${p.emulator.bindings().length} binding(s) left at the provider`,
    });
    const show = await runSipkit(['traces', 'show', String(run.runId), '--json'], {
      SIPKIT_DATA_DIR: dataDir(),
    });
    const sent = show.json.filter((l) => l.type === 'message' && l.direction === 'out').map((l) => l.method);
    expect(sent, sent.join(' ')).toContain('BYE');
  });

  it('refuses bad usage with one line and exit 2, before sending anything', async () => {
    const bad = await runSipkit(
      ['accept', '--server', '127.0.0.1:5060', '--to', ECHO, '--did', '555 1234', '--time-limit', '60'],
      { SIPKIT_DATA_DIR: dataDir() },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('sipkit: --did 555 1234: give a number, without spaces or @');
    const unknown = await runSipkit(['accept', '--target', 'No Such PBX', '--to', ECHO], {
      SIPKIT_DATA_DIR: dataDir(),
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toMatch(
      /^sipkit: --target No Such PBX: no saved target of that name or id/,
    );
    const list = await runSipkit(['traces', 'list', '--json'], { SIPKIT_DATA_DIR: dataDir() });
    expect(list.stdout).not.toContain('127.0.0.1:5060');
  });

  describe('a provider with two regions behind one SRV name', () => {
    let dns: DnsmasqHandle | undefined;
    afterAll(async () => {
      await dns?.stop();
    });

    it('registers to both regions and passes; pointed at one region only, DNS fails with reg.srv and the SRV name to use', async () => {
      const p = await provider('skyetel', { loopDids: [DID], regions: 2 });
      dns = await startDnsmasq({
        srv: p.ports.map((port, i) => ({
          name: '_sip._udp.reg.accept.test',
          target: `r${i + 1}.reg.accept.test`,
          port,
          priority: 10,
          weight: 50,
        })),
        a: p.ports.map((_port, i) => ({ name: `r${i + 1}.reg.accept.test`, address: '127.0.0.1' })),
      });
      // Skyetel's rules with two regions of the emulator's: each on a port of its own, so without
      // the one-port rule (reg.transport), which the ephemeral ports would break.
      const { registrar_port: _port, ...skyetel } = resolveProfile({
        name: 'skyetel',
        set: [
          'registrars=[{"name":"r1.reg.accept.test"},{"name":"r2.reg.accept.test"}]',
          'srv_name=reg.accept.test',
          'min_register_interval=6',
        ],
      });
      const profileFile = path.join(dataDir(), 'two-regions.json');
      await writeFile(profileFile, JSON.stringify({ ...skyetel, name: 'skyetel-regions' }));
      const profileArgs = ['--profile-file', profileFile, '--user', '1001'];
      const { run } = await acceptCli(['--server', 'reg.accept.test', ...profileArgs, '--did', DID], {
        SIPKIT_DNS_SERVER: dns.server,
      });
      const st = statuses(run);
      expect(st).toMatchObject({
        dns: 'pass',
        'options:1': 'pass',
        'options:2': 'pass',
        'register:1': 'pass',
        'register:2': 'pass',
        'call-in': 'pass',
      });
      expect(failedSteps(run), JSON.stringify(run.steps)).toEqual([]);
      // One registration to each region (the emulator's two ports), both granted by the emulator.
      const ports = [1, 2].map((r) => /:(\d+)\)$/.exec(stepsBy(run)[`register:${r}`]!.title)?.[1]);
      expect(new Set(ports)).toEqual(new Set(p.ports.map(String)));
      expect(p.emulator.counts.registrations).toBeGreaterThanOrEqual(2);

      const one = await acceptCli(['--server', `127.0.0.1:${p.port}`, ...profileArgs]);
      expect(one.code).toBe(1);
      const single = one.run;
      expect(failedSteps(single)).toEqual(['dns']);
      const d = stepsBy(single).dns!;
      expect(d.rules).toEqual(['reg.srv']);
      expect(d.fix).toContain('reg.accept.test');
      // The one region it has is still tested, and the calls through it.
      expect(stepsBy(single)['register:1']!.status).toBe('pass');
      expect(stepsBy(single)['call-out']!.status).toBe('pass');
    });
  });
});
