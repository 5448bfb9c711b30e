// `sipkit call` as a user runs it: exit 0 only for an answered call with two-way audio.
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { useDataDir } from '../support/data-dir';
import { runSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';

describe('sipkit call (CLI)', () => {
  const dataDir = useDataDir('sipkit-call-');
  afterAll(async () => {
    await stopAll();
  });

  it('exits 0 for an answered call with two-way audio, and stores every message', async () => {
    const sipp = await startSipp({ scenario: 'uas-answer', rtpEcho: true });
    const run = await runSipkit(
      ['call', '--server', sipp.address, '--to', '15551230000', '--hold', '1', '--json'],
      { SIPKIT_DATA_DIR: dataDir() },
    );
    await sipp.stop();
    expect(run.code).toBe(0);
    const result = run.json.at(-1)!;
    expect(result).toMatchObject({
      type: 'result',
      ok: true,
      outcome: 'completed',
      answered: true,
      codec: 'PCMU',
    });
    expect((result.media as { verdict: string }).verdict).toBe('two-way');
    expect(result.timeToAnswerMs).toEqual(expect.any(Number));
    const show = await runSipkit(['traces', 'show', String(result.run), '--json'], {
      SIPKIT_DATA_DIR: dataDir(),
    });
    const flow = show.json
      .filter((l) => l.type === 'message')
      .map((l) => `${l.direction} ${l.method ?? l.status}`);
    // Retransmissions on a loaded machine repeat a step; the flow is the same without them.
    const steps = flow.filter((step, i) => step !== flow[i - 1]);
    expect(steps).toEqual(['out INVITE', 'in 100', 'in 180', 'in 200', 'out ACK', 'out BYE', 'in 200']);
  });

  it('exits 1 with the media verdict when audio is one-way', async () => {
    const sipp = await startSipp({ scenario: 'uas-answer', rtpEcho: false });
    const run = await runSipkit(['call', '--server', sipp.address, '--to', '100', '--hold', '1'], {
      SIPKIT_DATA_DIR: dataDir(),
    });
    await sipp.stop();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/one-way audio: we sent \d+ packets/);
    expect(run.stdout).toMatch(/^FAILED: answered/m);
  });

  it('warns before sending a From host that is not the profile\u2019s trunk name', async () => {
    const sipp = await startSipp({ scenario: 'uas-reject', keys: { status: 403 } });
    const run = await runSipkit(
      [
        'call',
        '--server',
        sipp.address,
        '--to',
        '100',
        '--profile',
        'skyswitch',
        '--from-host',
        'pbx.example',
        '--json',
      ],
      { SIPKIT_DATA_DIR: dataDir() },
    );
    await sipp.stop();
    expect(run.code).toBe(1);
    expect(
      run.json.find((l) => l.level === 'warning' && /rule trunk\.from-host/.test(String(l.message))),
    ).toBeDefined();
    expect(run.json.at(-1)).toMatchObject({ ok: false, outcome: 'rejected', status: 403 });
  });
});
