import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../../electron/store/trace-store';
import { TraceStoreError } from '../../../electron/store/trace-store-error';
import { BASE_TS, makeMessage, makeTempDir } from './store-fixtures';

describe('trace store round trip', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  let store: TraceStore;

  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'nested', 'sipkit.db');
    store = openTraceStore({ file });
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  it("finishing a run merges what was only known at the end into its params (a load run's results)", () => {
    const id = store.createRun({
      kind: 'load',
      target: 'trunk',
      profile: 'generic',
      params: { mode: 'fixed', cps: 5 },
    });
    store.finishRun(id, {
      ok: true,
      summary: 'done',
      params: { seconds: [{ second: 0, attempts: 5 }], result: { verdict: ['ok'] } },
    });
    expect(store.getRun(id)?.params).toEqual({
      mode: 'fixed',
      cps: 5,
      seconds: [{ second: 0, attempts: 5 }],
      result: { verdict: ['ok'] },
    });
    const other = store.createRun({ kind: 'load', target: 'trunk', profile: 'generic' });
    expect(() => store.finishRun(other, { ok: true, summary: 'x', params: { password: 'nope' } })).toThrow(
      TraceStoreError,
    );
  });

  it('stores a run and gives it back after reopening, finished with its result', () => {
    const id = store.createRun(
      {
        kind: 'register',
        target: 'pbx.example.com:5060',
        profile: 'lab',
        params: { expires: 60, via: { rport: true } },
      },
      BASE_TS,
    );
    store.finishRun(id, { ok: false, summary: '401 then 403 Forbidden', endedAtMicros: BASE_TS + 2_000_000 });
    store.close();

    store = openTraceStore({ file });
    expect(store.getRun(id)).toEqual({
      id,
      kind: 'register',
      target: 'pbx.example.com:5060',
      profile: 'lab',
      params: { expires: 60, via: { rport: true } },
      startedAtMicros: BASE_TS,
      endedAtMicros: BASE_TS + 2_000_000,
      ok: false,
      summary: '401 then 403 Forbidden',
      messageCount: 0,
    });
  });

  it('shows an unfinished run without a result and unknown runs as undefined', () => {
    const id = store.createRun({ kind: 'options', target: 'trunk.example.net', profile: 'default' }, BASE_TS);
    const run = store.getRun(id);
    expect(run).toMatchObject({ id, kind: 'options', messageCount: 0 });
    expect(run?.ok).toBeUndefined();
    expect(run?.endedAtMicros).toBeUndefined();
    expect(run?.params).toBeUndefined();
    expect(store.getRun(id + 100)).toBeUndefined();
  });

  it('lists runs newest first with their message counts, page by page', () => {
    const ids = [0, 1, 2, 3, 4].map((i) =>
      store.createRun({ kind: 'call', target: `pbx-${i}`, profile: 'lab' }, BASE_TS + i * 1000),
    );
    ids.forEach((id, i) => {
      for (let n = 0; n < i; n++) store.append(id, makeMessage({ tsMicros: BASE_TS + n }));
    });

    const all = store.listRuns();
    expect(all.map((r) => r.target)).toEqual(['pbx-4', 'pbx-3', 'pbx-2', 'pbx-1', 'pbx-0']);
    expect(all.map((r) => r.messageCount)).toEqual([4, 3, 2, 1, 0]);
    expect(store.listRuns({ limit: 2 }).map((r) => r.target)).toEqual(['pbx-4', 'pbx-3']);
    expect(store.listRuns({ limit: 2, offset: 2 }).map((r) => r.target)).toEqual(['pbx-2', 'pbx-1']);
    expect(store.listRuns({ offset: 4 }).map((r) => r.target)).toEqual(['pbx-0']);
  });

  it('lists a run added last first, even when it started earlier (an import of an old capture)', () => {
    const live = store.createRun({ kind: 'call', target: 'today', profile: 'lab' }, BASE_TS + 5_000_000);
    const imported = store.createRun({ kind: 'import', target: 'old.pcap', profile: 'lab' }, BASE_TS);
    expect(store.listRuns().map((r) => r.id)).toEqual([imported, live]);
  });

  it('returns every field of a message as it was captured', () => {
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    const response = makeMessage({
      tsMicros: BASE_TS + 42,
      direction: 'in',
      transport: 'tcp',
      local: { address: '10.0.0.5', port: 40123 },
      remote: { address: '192.0.2.10', port: 5060 },
      callId: 'abc@host',
      cseqSeq: 4294967295,
      cseqMethod: 'INVITE',
      method: undefined,
      status: 486,
      reason: 'Busy Here',
    });
    store.append(runId, response);

    const [stored] = store.messagesByRun(runId);
    expect(stored).toEqual({ ...response, method: undefined, id: stored?.id, runId });
    expect(stored?.method).toBeUndefined();
    expect(Buffer.from(stored?.raw ?? []).equals(Buffer.from(response.raw))).toBe(true);
  });

  it('returns messages in capture order: by timestamp, then in the order they arrived', () => {
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    const order = [30, 10, 20, 10, 0];
    order.forEach((offset, i) =>
      store.append(runId, makeMessage({ tsMicros: BASE_TS + offset, cseqSeq: i })),
    );

    const got = store.messagesByRun(runId);
    expect(got.map((m) => m.cseqSeq)).toEqual([4, 1, 3, 2, 0]);
    expect(got.map((m) => m.tsMicros)).toEqual([0, 10, 10, 20, 30].map((o) => BASE_TS + o));
  });

  it('pages through a run without losing or repeating a message', () => {
    const runId = store.createRun({ kind: 'load', target: 'pbx', profile: 'lab' });
    for (let i = 0; i < 25; i++) store.append(runId, makeMessage({ tsMicros: BASE_TS + i, cseqSeq: i }));

    const pages = [0, 10, 20].map((offset) => store.messagesByRun(runId, { offset, limit: 10 }));
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat().map((m) => m.cseqSeq)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(store.messagesByRun(runId, { offset: 25, limit: 10 })).toEqual([]);
    expect(store.messagesByRun(runId, { limit: 0 })).toEqual([]);
  });

  it('finds the messages of one call by Call-ID, in all runs or in one', () => {
    const first = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    const second = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    store.append(first, makeMessage({ callId: 'shared', tsMicros: BASE_TS + 5, cseqSeq: 2 }));
    store.append(first, makeMessage({ callId: 'other', tsMicros: BASE_TS + 1 }));
    store.append(second, makeMessage({ callId: 'shared', tsMicros: BASE_TS + 1, cseqSeq: 1 }));
    store.append(first, makeMessage({ callId: 'shared', tsMicros: BASE_TS + 9, cseqSeq: 3 }));

    expect(store.messagesByCallId('shared').map((m) => [m.runId, m.cseqSeq])).toEqual([
      [second, 1],
      [first, 2],
      [first, 3],
    ]);
    expect(store.messagesByCallId('shared', first).map((m) => m.cseqSeq)).toEqual([2, 3]);
    expect(store.messagesByCallId('nobody')).toEqual([]);
  });

  it('finds the messages of a time window, both ends included', () => {
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    const other = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    for (let i = 0; i < 10; i++)
      store.append(runId, makeMessage({ tsMicros: BASE_TS + i * 100, cseqSeq: i }));
    store.append(other, makeMessage({ tsMicros: BASE_TS + 300 }));

    const window = store.messagesByTimeRange(runId, BASE_TS + 300, BASE_TS + 600);
    expect(window.map((m) => m.cseqSeq)).toEqual([3, 4, 5, 6]);
    expect(window.every((m) => m.runId === runId)).toBe(true);
    expect(store.messagesByTimeRange(runId, BASE_TS + 601, BASE_TS + 699)).toEqual([]);
  });

  it('counts messages per run, in the count query and in the run list alike', () => {
    const a = store.createRun({ kind: 'load', target: 'pbx', profile: 'lab' });
    const b = store.createRun({ kind: 'load', target: 'pbx', profile: 'lab' });
    for (let i = 0; i < 7; i++) store.append(a, makeMessage());
    for (let i = 0; i < 3; i++) store.append(b, makeMessage());

    expect(store.countMessages(a)).toBe(7);
    expect(store.countMessages(b)).toBe(3);
    expect(store.countMessages(b + 1)).toBe(0);
    expect(store.getRun(a)?.messageCount).toBe(7);
    expect(store.getRun(b)?.messageCount).toBe(3);
  });

  it('refuses messages for a run that does not exist, with a clear error', () => {
    expect(() => store.append(999, makeMessage())).toThrowError(
      expect.objectContaining({ code: 'unknown-run', message: 'there is no run 999 in the trace database' }),
    );
    expect(() => store.finishRun(999, { ok: true, summary: 'x' })).toThrowError(TraceStoreError);
  });

  it('refuses nonsense paging and timestamps with a one-line error', () => {
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    expect(() => store.messagesByRun(runId, { limit: -5 })).toThrowError(/limit must be a whole number/);
    expect(() => store.listRuns({ offset: 1.5 })).toThrowError(/offset must be a whole number/);
    expect(() => store.append(runId, makeMessage({ tsMicros: Number.NaN }))).toThrowError(
      /tsMicros must be a finite number/,
    );
    expect(store.countMessages(runId)).toBe(0);
  });

  it('reports use after close instead of crashing, and close twice is fine', () => {
    store.close();
    store.close();
    expect(() => store.listRuns()).toThrowError(expect.objectContaining({ code: 'closed' }));
    store = openTraceStore({ file });
  });

  it('lets a read-only store read but not write', () => {
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    store.append(runId, makeMessage());
    store.flush();

    const reader = openTraceStore({ file, readonly: true });
    try {
      expect(reader.countMessages(runId)).toBe(1);
      expect(() => reader.createRun({ kind: 'call', target: 'pbx', profile: 'lab' })).toThrowError(
        expect.objectContaining({ code: 'read-only' }),
      );
    } finally {
      reader.close();
    }
  });

  it('says so when a read-only open finds no database', () => {
    const missing = path.join(tmp.dir, 'nothing-here', 'sipkit.db');
    expect(() => openTraceStore({ file: missing, readonly: true })).toThrowError(
      `there is no trace database at ${missing} yet; run a test first or check SIPKIT_DATA_DIR`,
    );
  });
});
