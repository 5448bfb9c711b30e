// `sipkit hangup` against a far side that challenges the BYE (a PBX that authenticates every
// request: a SIPp UAS behind a Record-Routing Kamailio that counts dialogs): the BYE is answered with digest credentials from SIPKIT_PASSWORD, and without the
// password it says so in one line instead of ending the call with wrong credentials.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { runSipkit, spawnSipkit } from '../support/sipkit-cli';
import { startKamailioLimits, type KamailioLimitsHandle } from '../support/kamailio-limits';
import { startSipp, type SippHandle } from '../support/sipp';

const SCENARIO = fileURLToPath(new URL('../support/sipp-uas-challenge-bye.xml', import.meta.url));
const PASSWORD = 'bye-Secret-3';

describe('sipkit hangup with digest', () => {
  let dir: string;
  let sipp: SippHandle;
  let edge: KamailioLimitsHandle;
  const env = (): Record<string, string> => ({ SIPKIT_DATA_DIR: dir });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-hangup-auth-'));
    sipp = await startSipp({ scenario: SCENARIO, traceMessages: true });
    edge = await startKamailioLimits({ forwardTo: sipp.address });
  });
  afterAll(async () => {
    await edge?.stop();
    await sipp?.stop();
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers the far side\u2019s 401 to the BYE with the run\u2019s user and SIPKIT_PASSWORD', async () => {
    const args = ['--to', '100', '--user', 'trunk1', '--cps', '5', '--calls', '3', '--hold', '60', '--json'];
    const load = spawnSipkit(['load', '--server', edge.server, ...args], {
      ...env(),
      SIPKIT_PASSWORD: PASSWORD,
    });
    const ready = await load.waitForJson((l) => l.type === 'load' && typeof l.run === 'number');
    await load.waitForJson((l) => l.type === 'second' && Number(l.concurrent) === 3, 20_000);
    process.kill(load.pid, 'SIGKILL');
    await load.done;
    const runId = String(ready.run);

    // No password: nothing is guessed, one line says what is missing, and the calls stay up.
    const without = await runSipkit(['hangup', runId, '--json'], env());
    expect(without.code).toBe(1);
    expect(without.json.at(-1)).toMatchObject({ ok: false, calls: 3, confirmed: 0, failed: 3 });
    expect(without.json.filter((l) => l.type === 'bye').map((l) => l.reason)).toEqual(
      Array(3).fill('no password for "trunk1": set SIPKIT_PASSWORD, or run sipkit in a terminal to be asked'),
    );

    // SIPp, the far side, ended none: a BYE it challenged is not a BYE it accepted. (Kamailio's
    // dialog module forgets a dialog once it relays a BYE, whatever the answer, so SIPp is asked.)
    const byeOk = () =>
      sipp.messages().filter((m) => m.direction === 'sent' && m.status === 200 && m.cseqMethod === 'BYE');
    expect(byeOk()).toHaveLength(0);
    const hangup = await runSipkit(['hangup', runId, '--json'], { ...env(), SIPKIT_PASSWORD: PASSWORD });
    expect(hangup.json.at(-1)).toMatchObject({ ok: true, calls: 3, confirmed: 3 });
    expect(hangup.code).toBe(0);
    // SIPp checked each digest answer (verifyauth) before its 200.
    expect(byeOk()).toHaveLength(3);
    // The password went into digest responses only: never into the store.
    const show = await runSipkit(['traces', 'show', String(hangup.json.at(-1)!.run)], env());
    expect(show.stdout).toMatch(/Authorization: Digest username="trunk1"/);
    expect(show.stdout).not.toContain(PASSWORD);
  }, 90_000);
});
