import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import { makeTempDir } from './store-fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const BATCH = 1000;
const BATCHES_BEFORE_KILL = 12;

interface WriterOutcome {
  readonly runId: number;
  readonly committed: number;
}

/** Runs crash-writer.ts until it has committed enough batches, then SIGKILLs it mid-capture. */
function captureAndKill(file: string): Promise<WriterOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'crash-writer.ts'), file, String(BATCH)],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let runId: number | undefined;
    let committed = 0;
    let stderr = '';
    let buffered = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, value] = line.split(' ');
        if (word === 'run') runId = Number(value);
        if (word === 'flushed') committed = Math.max(committed, Number(value));
      }
      if (!killed && committed >= BATCH * BATCHES_BEFORE_KILL) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL' || runId === undefined) {
        reject(new Error(`crash writer ended on its own (signal ${signal}): ${stderr}`));
      } else {
        resolve({ runId, committed });
      }
    });
  });
}

describe('trace store crash safety', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;

  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'sipkit.db');
  });
  afterEach(() => tmp.cleanup());

  it('survives SIGKILL mid-capture: the file is intact and only the unfinished batch is lost', async () => {
    const { runId, committed } = await captureAndKill(file);

    const db = new Database(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }

    const store = openTraceStore({ file });
    try {
      const count = store.countMessages(runId);
      // Every batch reported as written is there...
      expect(count).toBeGreaterThanOrEqual(committed);
      // ...batches are all-or-nothing...
      expect(count % BATCH).toBe(0);
      // ...the run's message count was updated in the same transaction as the rows...
      expect(store.getRun(runId)?.messageCount).toBe(count);
      // ...and nothing in the middle is missing.
      const seqs = store.messagesByRun(runId).map((m) => m.cseqSeq);
      expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i));
    } finally {
      store.close();
    }
  }, 60_000);
});
