// `sipkit load` as a user runs it: the safety rails refuse with exit 2 and one line before any
// traffic, and a completed run exits 0, prints a live line per second and is stored with its
// per-second rows so `sipkit traces` sees it.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { runSipkit, SIPKIT_BIN } from '../support/sipkit-cli';
import { startSipp, type SippHandle } from '../support/sipp';

describe('sipkit load (CLI)', () => {
  let dataDir: string;
  let sipp: SippHandle;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-load-'));
    sipp = await startSipp({ scenario: 'uas', traceMessages: false });
  });
  afterAll(async () => {
    await sipp?.stop();
    await stopAll();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const sipkit = (args: string[], env: Record<string, string> = {}) =>
    runSipkit(['load', '--server', sipp.address, ...args], { SIPKIT_DATA_DIR: dataDir, ...env });

  it('refuses a run above the hard caps with exit 2 and one line, even with --yes', async () => {
    for (const args of [
      ['--to', '100', '--cps', '500', '--duration', '1'],
      ['--to', '100', '--cps', '500', '--duration', '1', '--yes'],
      ['--to', '100', '--channels', '501'],
    ]) {
      const run = await sipkit(args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^sipkit: refused: .* is above the cap of (200|500)/);
    }
    expect(sipp.messages()).toHaveLength(0);
  });

  it('asks for --yes above the profile limits and for a registration-rate run', async () => {
    const above = await sipkit(['--to', '100', '--cps', '2', '--duration', '1', '--profile', 'skyetel']);
    expect(above.code).toBe(2);
    expect(above.stderr).toMatch(/2 CPS is above profile skyetel's cps_limit of 1; add --yes/);
    const register = await sipkit(['--register-every', '1', '--calls', '2', '--user', 'alice'], {
      SIPKIT_PASSWORD: 'x',
    });
    expect(register.code).toBe(2);
    expect(register.stderr).toMatch(/rule reg\.429.*add --yes/);
    // Raising a hard cap is not a confirmation: the profile's limit still asks for --yes.
    const raised = await sipkit([
      ...['--to', '100', '--cps', '300', '--duration', '1', '--max-cps', '400'],
      ...['--profile', 'skyetel', '--json'],
    ]);
    expect(raised.code).toBe(2);
    expect(raised.json.at(-1)).toMatchObject({ type: 'result', ok: false });
    expect(String(raised.json.at(-1)!.error)).toMatch(/cps_limit of 1; add --yes/);
  });

  it('runs at a fixed rate, exits 0 and stores the run with its per-second rows', async () => {
    const run = await sipkit(['--to', '100', '--cps', '20', '--calls', '30', '--hold', '0.2-0.4', '--json']);
    expect(run.code).toBe(0);
    const seconds = run.json.filter((l) => l.type === 'second');
    expect(seconds.length).toBeGreaterThanOrEqual(2);
    const result = run.json.at(-1)!;
    expect(result).toMatchObject({ type: 'result', ok: true, mode: 'fixed' });
    expect(result.totals).toMatchObject({ attempts: 30, answered: 30, failed: 0 });

    const list = await runSipkit(['traces', 'list', '--json'], { SIPKIT_DATA_DIR: dataDir });
    const stored = list.json.find((l) => l.type === 'run' && l.id === result.run)!;
    expect(stored).toMatchObject({ kind: 'load', ok: true, messageCount: 180 });
    expect(String(stored.summary)).toMatch(/^30 of 30 calls answered/);
    const params = stored.params as { mode: string; seconds: { attempts: number }[]; totals: unknown };
    expect(params.mode).toBe('fixed');
    expect(params.seconds.reduce((n, s) => n + s.attempts, 0)).toBe(30);
    expect(params.totals).toMatchObject({ attempts: 30, answered: 30 });

    const show = await runSipkit(['traces', 'show', String(result.run), '--json', '--no-raw'], {
      SIPKIT_DATA_DIR: dataDir,
    });
    const methods = show.json.filter((l) => l.type === 'message').map((l) => l.method ?? l.status);
    // On a mismatch, say which messages the run holds (direction, method or status, CSeq, Call-ID).
    const listing = JSON.stringify(
      show.json
        .filter((l) => l.type === 'message')
        .map((l) => [l.direction, l.method ?? l.status, l.cseq, l.callId]),
    );
    expect(
      methods.filter((m) => m === 'INVITE'),
      listing,
    ).toHaveLength(30);
    expect(methods.filter((m) => m === 'BYE')).toHaveLength(30);

    // A reader that falls behind (a pipe into a slow tool) still gets every line: the CLI waits for
    // its output to drain before it exits.
    const slow = spawn(process.execPath, [SIPKIT_BIN, 'traces', 'show', String(result.run), '--json'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SIPKIT_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The listener is attached at once, on a paused stream: were the child to exit while nobody
    // listens, Node's child_process resumes its stdout and the buffered lines go nowhere.
    let text = '';
    slow.stdout.pause();
    slow.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    const closed = new Promise<number | null>((resolve) => slow.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    slow.stdout.resume();
    expect(await closed).toBe(0);
    const lines = text.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.filter((l) => l.includes('"type":"message"'))).toHaveLength(180);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'result', ok: true });

    // The run's report for a ticket carries its charts (inline SVG) and the verdict.
    const report = path.join(dataDir, 'load-report.html');
    const exported = await runSipkit(['export', String(result.run), '--format', 'html', '-o', report], {
      SIPKIT_DATA_DIR: dataDir,
    });
    expect(exported.code, exported.stderr).toBe(0);
    const html = await readFile(report, 'utf8');
    expect(html).toContain('<section id="load">');
    expect(html).toContain('Calls per second');
    expect(html).toContain('30 of 30 calls answered');
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4);
  });
});
