// Registration-rate mode against Kamailio's 429 rule (minimum 1 s between accepted REGISTERs):
// every 0.5 s gets 429 with Retry-After, every 1.5 s is accepted every time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoad } from '../../electron/engine/load/load-run';
import type { LoadPlan } from '../../electron/engine/load/load-types';
import { MemoryCapture } from '../../electron/engine/transport/capture-sink';
import { stopAll } from '../support/child-process';
import { startKamailio, type KamailioHandle } from '../support/kamailio';

const ALICE = { user: 'alice', password: 'wonder-land-42' };

describe('load generator: registration rate', () => {
  let k: KamailioHandle;
  beforeAll(async () => {
    k = await startKamailio({ users: [ALICE], minRegisterInterval: 1, retryAfter: 7 });
  });
  afterAll(async () => {
    await k?.stop();
    await stopAll();
  });

  const run = (registerEveryS: number, calls: number) => {
    const capture = new MemoryCapture();
    const plan: LoadPlan = {
      mode: 'register',
      to: '',
      registerEveryS,
      calls,
      holdMinS: 0,
      holdMaxS: 0,
      media: false,
    };
    const handle = startLoad({
      plan,
      target: {
        server: { address: k.host, port: k.port },
        user: ALICE.user,
        password: ALICE.password,
        domain: k.host,
      },
      capture,
      profile: undefined,
    });
    return { done: handle.done, capture };
  };

  it('gets 429 with Retry-After under the minimum interval and reports where it started', async () => {
    const { done, capture } = run(0.5, 3);
    const report = await done;
    expect(report.result.statuses['429']).toBeGreaterThan(0);
    expect(report.result.retryAfterS).toBe(7);
    expect(report.result.firstFailingStep).toBeGreaterThan(0.4);
    expect(report.result.firstFailingStep).toBeLessThan(1);
    expect(report.result.verdict[0]).toMatch(/^429 Too Many Requests from REGISTER #2/);
    // Digest auth happened (401 then an Authorization), and the run un-registered at the end.
    const text = capture.messages.map((m) => Buffer.from(m.raw).toString('latin1'));
    expect(capture.messages.some((m) => m.status === 401)).toBe(true);
    expect(text.some((t) => t.startsWith('REGISTER') && /\r\nAuthorization: Digest /.test(t))).toBe(true);
    expect(text.some((t) => t.startsWith('REGISTER') && /\r\nExpires: 0\r\n/.test(t))).toBe(true);
  });

  it('gets 200 every time above the minimum interval', async () => {
    const report = await run(1.5, 3).done;
    expect(report.totals).toMatchObject({ attempts: 3, answered: 3, failed: 0 });
    expect(report.result.statuses['429']).toBeUndefined();
    expect(report.result.verdict[0]).toMatch(/no 429 at one REGISTER every 1.5 s/);
  });
});
