// The load generator against a provider edge with small, exact limits (Kamailio: 3 CPS or a
// 1-CPS rule, 5 channels) relaying to a SIPp UAS: the ramps find both caps exactly, exact pacing
// tells 0.9 from 1.1 CPS, and an abort leaves no dialog on Kamailio (asked over its ctl socket).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startLoad } from '../../electron/engine/load/load-run';
import type { LoadPlan, StartLoadOptions } from '../../electron/engine/load/load-types';
import { MemoryCapture } from '../../electron/engine/transport/capture-sink';
import { stopAll } from '../support/child-process';
import { loadResultSchema, loadSecondSchema } from '../../shared/load/load-model';
import { startKamailioLimits, type KamailioLimitsHandle } from '../support/kamailio-limits';
import { startKamailioProxy } from '../support/kamailio-relay';
import { startSipp, type SippHandle } from '../support/sipp';
import { waitUntil } from '../support/wait';

const BASE: LoadPlan = { mode: 'fixed', to: '15551230000', holdMinS: 0, holdMaxS: 0, media: false };

let sipp: SippHandle | undefined;
let edge: KamailioLimitsHandle | undefined;

async function provider(
  limits: { cpsLimit?: number; channelLimit?: number },
  scenario: 'uas-answer' | 'uas-ring-forever' = 'uas-answer',
  ringMs = 20,
): Promise<KamailioLimitsHandle> {
  sipp = await startSipp({
    scenario,
    traceMessages: false,
    ...(scenario === 'uas-answer' ? { keys: { ring_ms: ringMs } } : {}),
  });
  edge = await startKamailioLimits({ forwardTo: sipp.address, ...limits });
  return edge;
}

function load(k: KamailioLimitsHandle, plan: Partial<LoadPlan>, extra: Partial<StartLoadOptions> = {}) {
  const capture = new MemoryCapture();
  const handle = startLoad({
    plan: { ...BASE, ...plan },
    target: { server: { address: k.host, port: k.port } },
    capture,
    ...extra,
  });
  return { handle, capture };
}

describe('load generator against Kamailio limits', () => {
  afterEach(async () => {
    await edge?.stop();
    await sipp?.stop();
    edge = undefined;
    sipp = undefined;
  });
  afterAll(stopAll);

  it('ramp-cps finds a 3-CPS cap exactly: 3 clean, 4 failing, with the 503, Warning and Retry-After', async () => {
    const k = await provider({ cpsLimit: 3 });
    const { handle, capture } = load(k, {
      mode: 'ramp-cps',
      rampStart: 1,
      rampStep: 1,
      rampStepSeconds: 2,
      rampMax: 8,
    });
    const report = await handle.done;
    expect(report.result.lastCleanStep).toBe(3);
    expect(report.result.firstFailingStep).toBe(4);
    expect(report.result.statuses['503']).toBeGreaterThan(0);
    expect(report.result.warnings.join()).toMatch(/CPS limit 3 exceeded/);
    expect(report.result.retryAfterS).toBe(1);
    expect(report.result.verdict[0]).toMatch(/3 CPS clean, 4 CPS failing/);
    // The UI shows the rows and the result as they are: they must match the IPC schemas.
    expect(loadSecondSchema.array().parse(report.seconds)).toEqual(report.seconds);
    expect(loadResultSchema.parse(report.result)).toEqual(report.result);
    expect(report.seconds.map((s) => s.step)).toEqual([
      1,
      1,
      2,
      2,
      3,
      3,
      4,
      ...report.seconds.slice(7).map(() => 4),
    ]);
    // Steps 1-3 answered every call; nothing was left up.
    const clean = report.seconds.filter((s) => (s.step ?? 0) <= 3);
    expect(clean.reduce((n, s) => n + s.failed, 0)).toBe(0);
    expect(await k.activeDialogs()).toBe(0);
    // Every message went to the capture: INVITEs out, 503s in.
    expect(capture.messages.some((m) => m.direction === 'in' && m.status === 503)).toBe(true);
  });

  it('ramp-channels finds a 5-channel cap exactly and releases every call', async () => {
    const k = await provider({ channelLimit: 5 });
    const { handle } = load(k, {
      mode: 'ramp-channels',
      cps: 20,
      rampStart: 1,
      rampStep: 1,
      rampStepSeconds: 0.3,
      rampMax: 10,
    });
    const report = await handle.done;
    expect(report.result.lastCleanStep).toBe(5);
    expect(report.result.firstFailingStep).toBe(6);
    expect(report.totals.maxConcurrent).toBe(5);
    expect(report.result.warnings.join()).toMatch(/channel limit 5 reached/);
    await waitUntil(async () => (await k.activeDialogs()) === 0, {
      timeoutMs: 5000,
      describeFailure: () => 'Kamailio still holds dialogs after the ramp released its calls',
    });
  });

  it('1.1 CPS against a 1-CPS rule gets rejections; 0.9 and 1.0 CPS do not', async () => {
    // A fresh edge per rate: the rule's window must not remember the previous run's calls.
    const run = async (cps: number) => {
      const k = await provider({ cpsLimit: 1 });
      try {
        return (await load(k, { cps, calls: 5 }).handle.done).totals;
      } finally {
        await edge?.stop();
        await sipp?.stop();
      }
    };
    const fast = await run(1.1);
    expect(fast.failed).toBeGreaterThan(0);
    const slow = await run(0.9);
    expect(slow).toMatchObject({ attempts: 5, answered: 5, failed: 0 });
    const exact = await run(1.0);
    expect(exact).toMatchObject({ attempts: 5, answered: 5, failed: 0 });
  });

  it('answers a proxy\u2019s 407 on every INVITE with digest credentials', async () => {
    sipp = await startSipp({ scenario: 'uas-answer', traceMessages: false, keys: { ring_ms: 20 } });
    const proxy = await startKamailioProxy({
      forwardTo: sipp.address,
      users: [{ user: 'trunk1', password: 'pa55-word' }],
    });
    try {
      const capture = new MemoryCapture();
      const report = await startLoad({
        plan: { ...BASE, cps: 10, calls: 5, holdMinS: 0.1, holdMaxS: 0.1 },
        target: { server: { address: proxy.host, port: proxy.port }, user: 'trunk1', password: 'pa55-word' },
        capture,
      }).done;
      expect(report.totals).toMatchObject({ attempts: 5, answered: 5, failed: 0 });
      const invites = capture.messages.filter((m) => m.direction === 'out' && m.method === 'INVITE');
      expect(invites.map((m) => m.cseqSeq).sort()).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
      expect(capture.messages.filter((m) => m.status === 407)).toHaveLength(5);
      const authorized = invites.filter((m) =>
        /\r\nProxy-Authorization: Digest /.test(Buffer.from(m.raw).toString()),
      );
      expect(authorized).toHaveLength(5);
    } finally {
      await proxy.stop();
    }
  });

  it('abort ends every call and leaves zero dialogs on Kamailio', async () => {
    const k = await provider({ channelLimit: 50 });
    const { handle, capture } = load(k, { mode: 'channels', channels: 8, cps: 40, durationS: 600 });
    const answered = () =>
      capture.messages.filter((m) => m.direction === 'in' && m.cseqMethod === 'INVITE' && m.status === 200)
        .length;
    await waitUntil(async () => answered() >= 8 && (await k.activeDialogs()) === 8, {
      timeoutMs: 10_000,
      describeFailure: () => `the 8 channels never came up on Kamailio (${answered()} answered)`,
    });
    const started = Date.now();
    await handle.abort();
    const tookMs = Date.now() - started;
    const report = await handle.done;
    expect(report.aborted).toBe(true);
    expect(report.totals.answered).toBe(8);
    await waitUntil(async () => (await k.activeDialogs()) === 0, {
      timeoutMs: 5000,
      describeFailure: () => 'Kamailio still holds dialogs after the abort',
    });
    // Not a timing assertion on the machine's speed: the abort contract is "within 2 s".
    expect(tookMs).toBeLessThan(2000);
  });

  it('abort CANCELs calls still ringing and leaves zero dialogs on Kamailio', async () => {
    const k = await provider({ channelLimit: 50 }, 'uas-ring-forever');
    const { handle, capture } = load(k, { mode: 'channels', channels: 6, cps: 40, durationS: 600 });
    const ringing = () =>
      capture.messages.filter((m) => m.direction === 'in' && m.cseqMethod === 'INVITE' && m.status === 180)
        .length;
    await waitUntil(async () => ringing() >= 6 && (await k.activeDialogs()) === 6, {
      timeoutMs: 10_000,
      describeFailure: () => `the 6 calls never rang (${ringing()} ringing)`,
    });
    await handle.abort();
    const report = await handle.done;
    expect(report.aborted).toBe(true);
    expect(report.totals.answered).toBe(0);
    const cancels = capture.messages.filter((m) => m.direction === 'out' && m.method === 'CANCEL');
    expect(new Set(cancels.map((m) => m.callId)).size).toBe(6);
    expect(capture.messages.filter((m) => m.direction === 'in' && m.status === 487)).toHaveLength(6);
    await waitUntil(async () => (await k.activeDialogs()) === 0, {
      timeoutMs: 5000,
      describeFailure: () => 'Kamailio still holds dialogs after the abort',
    });
  });

  it('stops retransmitting a CANCEL once it is answered, even when the 487 never comes', async () => {
    // Kamailio answers each CANCEL with 200; this UAS ignores CANCEL while it rings, so no 487 follows.
    const k = await provider({ channelLimit: 50 }, 'uas-answer', 10_000);
    const { handle, capture } = load(k, { mode: 'channels', channels: 4, cps: 20, durationS: 600 });
    const ringing = () =>
      new Set(capture.messages.filter((m) => m.direction === 'in' && m.status === 180).map((m) => m.callId))
        .size;
    await waitUntil(() => ringing() >= 4, {
      timeoutMs: 10_000,
      describeFailure: () => `${ringing()} of 4 rang`,
    });
    await handle.abort();
    await handle.done;
    const cancels = capture.messages.filter((m) => m.direction === 'out' && m.method === 'CANCEL');
    const answered = capture.messages.filter(
      (m) => m.direction === 'in' && m.cseqMethod === 'CANCEL' && m.status === 200,
    );
    expect(new Set(answered.map((m) => m.callId)).size).toBe(4);
    // One CANCEL per call: its 200 ended the CANCEL transaction (T1 = 500 ms, so a retransmission
    // would have gone out before the abort's 1.8 s wait for the 487 ran out).
    expect(cancels).toHaveLength(4);
  });

  it('media on sends a second of RTP per answered call toward the SDP answer', async () => {
    sipp = await startSipp({
      scenario: 'uas-answer',
      traceMessages: false,
      rtpEcho: true,
      keys: { ring_ms: 20 },
    });
    const report = await startLoad({
      plan: { ...BASE, cps: 5, calls: 3, holdMinS: 2.5, holdMaxS: 2.5, media: true },
      target: { server: { address: sipp.host, port: sipp.port } },
      capture: new MemoryCapture(),
    }).done;
    expect(report.totals).toMatchObject({ answered: 3, failed: 0 });
    const line = report.result.verdict.find((l) => l.startsWith('media:'));
    expect(line).toMatch(/^media: 150 RTP packets sent .*, [1-9]\d* received$/);
  });
});
