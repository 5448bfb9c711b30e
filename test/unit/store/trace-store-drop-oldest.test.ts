// The ring of a long live capture: dropping a run's oldest messages (queued ones included) keeps
// the newest, keeps the run's message count right, and leaves other runs alone.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../../electron/store/trace-store';
import { BASE_TS, makeMessage, makeTempDir } from './store-fixtures';

describe('trace store dropOldestMessages', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let store: TraceStore;

  beforeEach(() => {
    tmp = makeTempDir();
    store = openTraceStore({ file: path.join(tmp.dir, 'sipkit.db'), batchSize: 1000 });
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  it('drops the oldest by capture time, counting them off the run', () => {
    const ring = store.createRun({ kind: 'capture', target: 'lo', profile: 'generic' });
    const other = store.createRun({ kind: 'capture', target: 'eth0', profile: 'generic' });
    // Appended newest-first: capture order is by time, not by arrival.
    for (let i = 9; i >= 0; i--) store.append(ring, makeMessage({ tsMicros: BASE_TS + i, cseqSeq: i }));
    store.append(other, makeMessage({ tsMicros: BASE_TS }));
    expect(store.dropOldestMessages(ring, 4)).toBe(4);
    expect(store.messagesByRun(ring).map((m) => m.cseqSeq)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(store.getRun(ring)?.messageCount).toBe(6);
    expect(store.countMessages(ring)).toBe(6);
    expect(store.countMessages(other)).toBe(1);
    expect(store.dropOldestMessages(ring, 100)).toBe(6);
    expect(store.getRun(ring)?.messageCount).toBe(0);
    expect(store.dropOldestMessages(ring, 0)).toBe(0);
  });
});
