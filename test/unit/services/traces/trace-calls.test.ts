// traces.calls as the Traces screen pages it: one row per Call-ID (sngrep's call list), the noise
// filter, the search box, pages, each call's final status and how many findings point into it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TraceStoreError } from '../../../../electron/store/trace-store-error';
import {
  callFlow,
  challengedCall,
  merge,
  optionsPing,
  refreshes,
  registerFlow,
  REGISTRAR,
  T0,
  type Spec,
} from '../../shared/diagnostics/trace-builder';
import { captured, FIXTURES, openBench, storeRun, type TraceBench } from './trace-fixtures';

const TRUNK = 'trunking-customer.15611.service';
const SEED = readFileSync(path.join(FIXTURES, 'traces/seed-000-sample-invite.txt'), 'latin1');
const at = (s: number): number => Math.round((T0 + s) * 1_000_000);

/** A trunk's day in small: registrations, a keep-alive, an answered call, a refused one, garbage. */
function mixedRun(): Spec[] {
  return merge(
    refreshes([0, 60, 120], { expires: 300 }),
    optionsPing(5),
    callFlow({ at: 10, callId: 'good-call', fromHost: TRUNK }),
    callFlow({ at: 30, callId: 'bad-call', fromHost: 'pbx.local', finalStatus: [403, 'Forbidden'] }),
    [{ at: 40, from: REGISTRAR, to: '192.0.2.10:5060', text: 'this is not SIP at all\r\n\r\n' }],
  );
}

let bench: TraceBench;
beforeEach(() => {
  bench = openBench();
});
afterEach(() => bench.close());

describe('traces.calls', () => {
  it('lists one row per Call-ID in order of first message, with method, parties, status and counts', async () => {
    const runId = storeRun(bench.store, mixedRun(), { profile: 'skyswitch' });
    const { total, calls } = await bench.call('traces.calls', { runId, hideNoise: false });
    expect(total).toBe(5);
    expect(calls.map((c) => [c.callId, c.method, c.status, c.messageCount])).toEqual([
      // REGISTER → 401 → REGISTER with credentials → 200: the challenge is followed to its answer.
      ['reg-1001@pbx', 'REGISTER', 200, 12],
      ['opt-5', 'OPTIONS', 200, 2],
      ['good-call', 'INVITE', 200, 7],
      ['bad-call', 'INVITE', 403, 4],
      ['', '', undefined, 1],
    ]);
    const good = calls.find((c) => c.callId === 'good-call')!;
    expect(good).toMatchObject({
      from: `+12035550100@${TRUNK}`,
      to: '+12035550199@203.0.113.50',
      firstTsMicros: at(10),
      // BYE's 200 OK, 12.05 s after the INVITE.
      lastTsMicros: at(22.05),
    });
    // The OPTIONS' To is a bare host with a port: the port is not part of who it was to.
    expect(calls.find((c) => c.callId === 'opt-5')).toMatchObject({
      from: 'ping@192.0.2.10',
      to: '198.51.100.1',
    });
  });

  it('hides OPTIONS and REGISTER dialogs with the noise filter, on by default', async () => {
    const runId = storeRun(bench.store, mixedRun());
    const { total, calls } = await bench.call('traces.calls', { runId });
    expect(total).toBe(3);
    expect(calls.map((c) => c.callId)).toEqual(['good-call', 'bad-call', '']);
  });

  it('searches Call-ID, From, To, method and status, ignoring case', async () => {
    const runId = storeRun(bench.store, mixedRun());
    const ids = async (search: string): Promise<string[]> =>
      (await bench.call('traces.calls', { runId, hideNoise: false, search })).calls.map((c) => c.callId);
    expect(await ids('BAD-')).toEqual(['bad-call']);
    expect(await ids('pbx.LOCAL')).toEqual(['bad-call']);
    expect(await ids('403')).toEqual(['bad-call']);
    expect(await ids('invite')).toEqual(['good-call', 'bad-call']);
    expect(await ids('1001@sip.example')).toEqual(['reg-1001@pbx']);
    expect(await ids('198.51.100.1')).toEqual(['opt-5']);
    expect(await ids('  nothing-like-this  ')).toEqual([]);
    // The noise filter still applies to matches.
    expect((await bench.call('traces.calls', { runId, search: 'register' })).total).toBe(0);
  });

  it('pages the filtered list and reports its total', async () => {
    const flows = Array.from({ length: 25 }, (_, i) => callFlow({ at: i * 3, callId: `c${i}`, holdFor: 1 }));
    const runId = storeRun(bench.store, merge(...flows, optionsPing(1)));
    const page = (offset: number, limit: number) => bench.call('traces.calls', { runId, offset, limit });
    const first = await page(0, 10);
    const last = await page(20, 10);
    expect(first.total).toBe(25);
    expect(first.calls.map((c) => c.callId)).toEqual(Array.from({ length: 10 }, (_, i) => `c${i}`));
    expect(last.calls.map((c) => c.callId)).toEqual(['c20', 'c21', 'c22', 'c23', 'c24']);
    expect((await page(30, 10)).calls).toEqual([]);
  });

  it('counts the findings whose evidence points into each call', async () => {
    // skyswitch: the From host must be the trunk name (trunk.from-host), and the 403 is explained.
    const trunk = storeRun(bench.store, mixedRun(), { profile: 'skyswitch' });
    const calls = (await bench.call('traces.calls', { runId: trunk, hideNoise: false })).calls;
    expect(calls.find((c) => c.callId === 'bad-call')).toMatchObject({ errors: 1, warnings: 1 });
    expect(calls.find((c) => c.callId === 'good-call')).toMatchObject({ errors: 0, warnings: 0 });
    expect(calls.find((c) => c.callId === 'reg-1001@pbx')).toMatchObject({ errors: 0 });

    // skyetel: refreshing every 60 s is under its 100 s minimum (reg.interval) in the REGISTER dialog.
    const registrar = storeRun(bench.store, mixedRun(), { profile: 'skyetel' });
    const reg = (await bench.call('traces.calls', { runId: registrar, hideNoise: false })).calls;
    expect(reg.find((c) => c.callId === 'reg-1001@pbx')!.errors).toBeGreaterThanOrEqual(1);
    expect(reg.find((c) => c.callId === 'bad-call')).toMatchObject({ errors: 0, warnings: 1 });
    const interval = (await bench.call('traces.findings', { runId: registrar })).findings.find(
      (f) => f.rule === 'reg.interval',
    );
    expect(interval?.evidence.every((e) => e.callId === 'reg-1001@pbx')).toBe(true);
  });

  it('follows a 407 challenge to the authenticated retry, and leaves an unanswered call pending', async () => {
    const runId = storeRun(
      bench.store,
      merge(challengedCall(0, 'auth-call'), callFlow({ at: 20, callId: 'ringing', noBye: true }).slice(0, 3)),
    );
    const { calls } = await bench.call('traces.calls', { runId });
    expect(calls.find((c) => c.callId === 'auth-call')?.status).toBe(200);
    expect(calls.find((c) => c.callId === 'ringing')).not.toHaveProperty('status');
  });

  it('keeps a rejected registration as its final status when no retry follows', async () => {
    const runId = storeRun(bench.store, registerFlow({ at: 0, finalStatus: [403, 'Forbidden'] }));
    const { calls } = await bench.call('traces.calls', { runId, hideNoise: false });
    expect(calls).toMatchObject([{ method: 'REGISTER', status: 403 }]);
  });

  it("names the parties of the guide's damaged INVITE, read tolerantly from its raw text", async () => {
    const runId = storeRun(bench.store, [
      { at: 0, from: '192.0.2.10:5060', to: '203.0.113.50:5060', text: SEED },
    ]);
    const { calls } = await bench.call('traces.calls', { runId });
    expect(calls).toMatchObject([
      {
        callId: '153915ad@pbx',
        method: 'INVITE',
        from: `2032625093@${TRUNK}`,
        to: `12032130635@${TRUNK}`,
        messageCount: 1,
      },
    ]);
    expect(calls[0]).not.toHaveProperty('status');
  });

  it('analyses a run once while it does not change, and again when a message arrives', async () => {
    const runId = storeRun(bench.store, mixedRun(), { open: true });
    await bench.call('traces.calls', { runId, limit: 1 });
    await bench.call('traces.calls', { runId, offset: 1, limit: 1 });
    await bench.call('traces.calls', { runId, search: 'bad' });
    await bench.call('traces.ladder', { runId, callIds: ['good-call'] });
    expect(bench.fullReads()).toBe(1);

    for (const spec of callFlow({ at: 50, callId: 'late-call' })) bench.store.append(runId, captured(spec));
    const after = await bench.call('traces.calls', { runId });
    expect(after.calls.map((c) => c.callId)).toContain('late-call');
    expect(bench.fullReads()).toBe(2);
    bench.store.finishRun(runId, { ok: true, summary: 'done' });
    await bench.call('traces.calls', { runId });
    expect(bench.fullReads()).toBe(3);
  });

  it('refuses a run that does not exist with one line', async () => {
    await expect(bench.call('traces.calls', { runId: 99 })).rejects.toThrow(TraceStoreError);
    await expect(bench.call('traces.calls', { runId: 99 })).rejects.toThrow(
      /^there is no run 99 in the trace database$/,
    );
  });
});
