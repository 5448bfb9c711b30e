// A load-test-sized run (30,000 messages): the call list pages through every call exactly once, in
// order, from one analysis. Correctness only; bench/trace-service.bench.ts times it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CALLS_PAGE } from '../../../../shared/ipc/schemas/traces';
import { LARGE_RUN, largeRun } from './large-run';
import { openBench, storeRun, type TraceBench } from './trace-fixtures';

const { calls: CALLS, pings: PINGS, registrations: REGISTRATIONS } = LARGE_RUN;

let bench: TraceBench;
let runId: number;
beforeAll(() => {
  bench = openBench();
  runId = storeRun(bench.store, largeRun());
}, 120_000);
afterAll(() => bench.close());

describe('traces.calls on a 30,000-message run', () => {
  it('pages through every call once, in order of first message, from one analysis', async () => {
    expect(bench.store.countMessages(runId)).toBe(LARGE_RUN.messages);
    const seen: { callId: string; firstTsMicros: number }[] = [];
    let total = -1;
    for (let offset = 0; total < 0 || offset < total; offset += MAX_CALLS_PAGE) {
      const page = await bench.call('traces.calls', {
        runId,
        hideNoise: false,
        offset,
        limit: MAX_CALLS_PAGE,
      });
      total = page.total;
      seen.push(...page.calls);
    }
    expect(total).toBe(CALLS + PINGS + 1);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((c) => c.callId)).size).toBe(total);
    const times = seen.map((c) => c.firstTsMicros);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const calls = await bench.call('traces.calls', { runId, offset: 2990, limit: 50 });
    expect(calls.total).toBe(CALLS);
    expect(calls.calls.map((c) => c.callId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `call-${2990 + i}`),
    );
    expect(calls.calls[0]).toMatchObject({ method: 'INVITE', status: 200, messageCount: 7 });
    const search = await bench.call('traces.calls', { runId, search: 'call-2999' });
    expect(search.calls.map((c) => c.callId)).toEqual(['call-2999']);
    const registrations = await bench.call('traces.calls', { runId, hideNoise: false, search: 'REGISTER' });
    expect(registrations.calls).toMatchObject([{ messageCount: REGISTRATIONS * 4, status: 200 }]);
    expect(bench.fullReads()).toBe(1);
  }, 120_000);
});
