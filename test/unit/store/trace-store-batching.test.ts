import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import type { TraceStoreError } from '../../../electron/store/trace-store-error';
import { BASE_TS, makeMessage, makeTempDir } from './store-fixtures';

describe('trace store batching', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;

  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'sipkit.db');
  });
  afterEach(() => {
    vi.useRealTimers();
    tmp.cleanup();
  });

  /** What another process would see: a separate read-only connection. */
  function countFromOutside(runId: number): number {
    const reader = openTraceStore({ file, readonly: true });
    try {
      return reader.countMessages(runId);
    } finally {
      reader.close();
    }
  }

  it('keeps messages still waiting for the timer when the store is closed', () => {
    const store = openTraceStore({ file, flushIntervalMs: 60_000 });
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    for (let i = 0; i < 10; i++) store.append(runId, makeMessage({ cseqSeq: i }));
    expect(countFromOutside(runId)).toBe(0);
    store.close();

    expect(countFromOutside(runId)).toBe(10);
  });

  it('writes a full batch as soon as it is full, and the rest only later', () => {
    const store = openTraceStore({ file, batchSize: 100, flushIntervalMs: 60_000 });
    try {
      const runId = store.createRun({ kind: 'load', target: 'pbx', profile: 'lab' });
      for (let i = 0; i < 250; i++) store.append(runId, makeMessage());
      expect(countFromOutside(runId)).toBe(200);
      store.flush();
      expect(countFromOutside(runId)).toBe(250);
    } finally {
      store.close();
    }
  });

  it('writes pending messages when the flush interval passes, using one timer for the whole store', () => {
    vi.useFakeTimers();
    const store = openTraceStore({ file, flushIntervalMs: 100 });
    try {
      const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
      for (let i = 0; i < 300; i++) store.append(runId, makeMessage());
      expect(vi.getTimerCount()).toBe(1);
      expect(countFromOutside(runId)).toBe(0);

      vi.advanceTimersByTime(100);
      expect(countFromOutside(runId)).toBe(300);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('writes pending messages on finishRun before recording the result', () => {
    const store = openTraceStore({ file, flushIntervalMs: 60_000 });
    try {
      const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
      for (let i = 0; i < 5; i++) store.append(runId, makeMessage());
      store.finishRun(runId, { ok: true, summary: '200 OK' });
      expect(countFromOutside(runId)).toBe(5);
    } finally {
      store.close();
    }
  });

  it('stores a 50,000-message load test completely and in order', () => {
    const total = 50_000;
    const store = openTraceStore({ file });
    const runId = store.createRun({ kind: 'load', target: 'pbx', profile: 'lab' });
    for (let i = 0; i < total; i++) {
      store.append(runId, makeMessage({ tsMicros: BASE_TS + i, callId: `call-${i % 1000}`, cseqSeq: i }));
    }
    store.close();

    const reader = openTraceStore({ file, readonly: true });
    try {
      expect(reader.countMessages(runId)).toBe(total);
      expect(reader.getRun(runId)?.messageCount).toBe(total);
      const seqs = reader.messagesByRun(runId).map((m) => m.cseqSeq);
      expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i));
      expect(reader.messagesByCallId('call-7', runId)).toHaveLength(total / 1000);
    } finally {
      reader.close();
    }
    // Not a speed check (that is npm run bench): room for a busy 2-core machine.
  }, 60_000);

  it('stores every field of a batch that mixes two runs and is not a whole number of 16-message inserts', () => {
    const store = openTraceStore({ file, batchSize: 37, flushIntervalMs: 60_000 });
    const a = store.createRun({ kind: 'load', target: 'pbx', profile: 'lab' });
    const b = store.createRun({ kind: 'load', target: 'pbx', profile: 'lab' });
    for (let i = 0; i < 37; i++) {
      const reply = i % 3 === 0;
      store.append(
        i % 2 === 0 ? a : b,
        makeMessage({
          tsMicros: BASE_TS + i,
          direction: reply ? 'in' : 'out',
          remote: { address: '127.0.0.2', port: 5000 + i },
          callId: `call-${i}`,
          cseqSeq: i,
          ...(reply ? { method: undefined, status: 180 + i, reason: `R${i}` } : {}),
        }),
      );
    }
    store.close();

    const reader = openTraceStore({ file, readonly: true });
    try {
      expect(reader.getRun(a)?.messageCount).toBe(19);
      expect(reader.getRun(b)?.messageCount).toBe(18);
      const all = [...reader.messagesByRun(a), ...reader.messagesByRun(b)].sort(
        (x, y) => x.cseqSeq! - y.cseqSeq!,
      );
      expect(all).toHaveLength(37);
      all.forEach((m, i) => {
        expect(m.tsMicros).toBe(BASE_TS + i);
        expect(m.callId).toBe(`call-${i}`);
        expect(m.remote).toEqual({ address: '127.0.0.2', port: 5000 + i });
        expect(m.status ?? null).toBe(i % 3 === 0 ? 180 + i : null);
        expect(m.raw.toString()).toContain(`Call-ID: call-${i}\r\n`);
      });
    } finally {
      reader.close();
    }
  });

  it('stores the bytes as they were at capture time, even if the caller reuses its buffer', () => {
    const store = openTraceStore({ file, flushIntervalMs: 60_000 });
    try {
      const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
      const wire = Buffer.from('SIP/2.0 200 OK\r\n\r\n');
      const original = Buffer.from(wire);
      store.append(runId, makeMessage({ raw: wire }));
      wire.fill(0x58); // a receive loop overwriting its buffer with the next datagram
      const [stored] = store.messagesByRun(runId);
      expect(Buffer.from(stored?.raw ?? []).equals(original)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('reports a failed background write instead of crashing, and keeps the messages for the next try', () => {
    vi.useFakeTimers();
    const reported: TraceStoreError[] = [];
    const store = openTraceStore({ file, flushIntervalMs: 100, onBackgroundError: (e) => reported.push(e) });
    try {
      const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
      for (let i = 0; i < 3; i++) store.append(runId, makeMessage({ cseqSeq: i }));
      // Someone else breaks the schema underneath the running capture.
      const other = new Database(file);
      other.exec('ALTER TABLE messages RENAME TO messages_away');

      vi.advanceTimersByTime(100);
      expect(reported).toHaveLength(1);
      expect(reported[0]?.message).toMatch(
        /^cannot write to the trace database .*sipkit\.db \(.*messages.*\)$/,
      );
      expect(() => store.flush()).toThrowError(expect.objectContaining({ name: 'TraceStoreError' }));

      other.exec('ALTER TABLE messages_away RENAME TO messages');
      other.close();
      store.flush();
      expect(store.messagesByRun(runId).map((m) => m.cseqSeq)).toEqual([0, 1, 2]);
    } finally {
      store.close();
    }
  });
});
