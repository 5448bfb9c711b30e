// Outbound, inbound and total caps (`sipkit load --inbound-server`): two generators with the same
// plan, one at the trunk, one at the PBX side. Against two edges with their own CPS limits each
// direction finds its own cap; against one edge that counts both directions (a total limit) the
// pair finds the total: 2 + 2 clean, 3 + 3 failing, though 3 alone would pass.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { startKamailioLimits, type KamailioLimitsHandle } from '../support/kamailio-limits';
import { runSipkit } from '../support/sipkit-cli';
import { startSipp, type SippHandle } from '../support/sipp';

const RAMP = ['--ramp', 'cps', '--start', '1', '--step', '1', '--step-seconds', '2', '--max', '6', '--json'];

describe('sipkit load --inbound-server (outbound, inbound and total caps)', () => {
  let dataDir: string;
  const edges: KamailioLimitsHandle[] = [];
  const uas: SippHandle[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-load2-'));
  });
  afterEach(async () => {
    for (const e of edges.splice(0)) await e.stop();
    for (const s of uas.splice(0)) await s.stop();
  });
  afterAll(async () => {
    await stopAll();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const edge = async (cpsLimit: number): Promise<KamailioLimitsHandle> => {
    const sipp = await startSipp({ scenario: 'uas-answer', traceMessages: false, keys: { ring_ms: 20 } });
    uas.push(sipp);
    const k = await startKamailioLimits({ forwardTo: sipp.address, cpsLimit });
    edges.push(k);
    return k;
  };
  const load = (args: string[]) => runSipkit(['load', ...args], { SIPKIT_DATA_DIR: dataDir }, 90_000);

  it('finds each direction\u2019s own cap and the total, and stores both directions', async () => {
    const trunk = await edge(3);
    const pbx = await edge(2);
    const run = await load([
      '--server',
      trunk.server,
      '--to',
      '100',
      '--inbound-server',
      pbx.server,
      '--inbound-to',
      '200',
      ...RAMP,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json.at(-1)!;
    const verdict = (result.result as { verdict: string[] }).verdict;
    expect(verdict).toContain('outbound: cap found: 3 CPS clean, 4 CPS failing (503 ×1)');
    expect(verdict.some((v) => v.startsWith('inbound: cap found: 2 CPS clean, 3 CPS failing'))).toBe(true);
    expect(verdict).toContain('total: 4 clean (2 each way), 6 failing (3 each way)');
    const show = await runSipkit(['traces', 'list', '--json'], { SIPKIT_DATA_DIR: dataDir });
    const stored = show.json.find((l) => l.type === 'run' && l.id === result.run)!;
    const params = stored.params as {
      outbound: { result: { lastCleanStep: number } };
      inbound: { result: { lastCleanStep: number } };
    };
    expect(params.outbound.result.lastCleanStep).toBe(3);
    expect(params.inbound.result.lastCleanStep).toBe(2);
  }, 120_000);

  it('one edge counting both directions: a total limit of 4 CPS passes 2 + 2 and fails 3 + 3', async () => {
    const shared = await edge(4);
    const run = await load([
      '--server',
      shared.server,
      '--to',
      '100',
      '--inbound-server',
      shared.server,
      ...RAMP,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const r = run.json.at(-1)!.result as {
      verdict: string[];
      lastCleanStep: number;
      firstFailingStep: number;
    };
    expect(r.lastCleanStep).toBe(4);
    expect(r.firstFailingStep).toBe(6);
    expect(r.verdict.at(-1)).toBe('total: 4 clean (2 each way), 6 failing (3 each way)');
    expect(await shared.activeDialogs()).toBe(0);
  }, 120_000);
});
