// The bundled `sipkit` (dist-cli/, what `npm ci` builds through scripts/build-cli.mjs) as a user runs
// it through bin/sipkit.mjs: help and profiles, a command that needs the trace store (SQLite, a
// native addon left outside the bundle) and a load run whose generator runs on its own worker thread
// (the bundle's load-worker.js), against a real SIPp UAS.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, stopAll } from '../support/child-process';
import { runSipkit } from '../support/sipkit-cli';
import { startSipp, type SippHandle } from '../support/sipp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('bundled sipkit CLI', () => {
  let dataDir: string;
  let sipp: SippHandle;
  // SIPKIT_CLI=bundle: the bundle even if a source was edited since it was built (in a dev tree).
  const sipkit = (args: string[], env: Record<string, string> = {}) =>
    runSipkit(args, { SIPKIT_CLI: 'bundle', SIPKIT_DATA_DIR: dataDir, ...env });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-bundle-'));
    // Built from the sources as they are now, as `npm ci` does.
    const build = await runProcess({
      name: 'build-cli',
      command: process.execPath,
      args: [path.join(ROOT, 'scripts', 'build-cli.mjs')],
      cwd: ROOT,
      timeoutMs: 120_000,
    });
    expect(build.exit.code, build.output.join('\n')).toBe(0);
    sipp = await startSipp({ scenario: 'uas', traceMessages: false });
  }, 180_000);
  afterAll(async () => {
    await sipp?.stop();
    await stopAll();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('prints its help and the provider profiles', async () => {
    const help = await sipkit(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sipkit \[options\] \[command\]/);
    for (const command of ['register', 'call', 'answer', 'load', 'analyze', 'traces', 'export', 'profiles']) {
      expect(help.stdout).toContain(`  ${command}`);
    }
    const profiles = await sipkit(['profiles', '--json']);
    expect(profiles.code).toBe(0);
    expect(profiles.json.filter((l) => l.type === 'profile').map((l) => l.name)).toEqual([
      'generic',
      'skyetel',
      'skyswitch',
    ]);
    const bad = await sipkit(['profiles', 'no-such-provider']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown profile "no-such-provider"/);
  });

  it('runs a load test on its worker thread and stores it where traces list finds it', async () => {
    const run = await sipkit([
      'load',
      '--server',
      sipp.address,
      '--to',
      '100',
      '--cps',
      '10',
      '--calls',
      '10',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    // Without its worker file the generator would fall back to the main thread and say so.
    expect(run.stdout + run.stderr).not.toMatch(/load thread/);
    const result = run.json.at(-1)!;
    expect(result).toMatchObject({ type: 'result', ok: true, mode: 'fixed' });
    expect(result.totals).toMatchObject({ attempts: 10, answered: 10, failed: 0 });

    const list = await sipkit(['traces', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(list.json.find((l) => l.type === 'run' && l.id === result.run)).toMatchObject({
      kind: 'load',
      ok: true,
      messageCount: 60,
    });
  });
});
