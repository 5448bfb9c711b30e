// A run whose process was killed (kill -9, a crash, a power cut) must not say "running" forever:
// the next writable open marks it interrupted, but never a run of a process that is still alive.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/store/migrate';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import { makeTempDir } from './store-fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');

interface Owner {
  readonly child: ChildProcess;
  readonly runId: number;
  readonly exited: Promise<void>;
}

/** A real process that opens the store, starts a run and keeps it open until killed. */
function startOwner(file: string): Promise<Owner> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'run-owner.ts'), file], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /run (\d+)\n/.exec(out);
      if (m) resolve({ child, runId: Number(m[1]), exited });
    });
    child.on('exit', (code) => reject(new Error(`run-owner exited (${code}) before starting: ${err}`)));
  });
}

describe('interrupted runs', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  const owners: Owner[] = [];

  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'sipkit.db');
  });
  afterEach(async () => {
    for (const o of owners.splice(0)) {
      if (o.child.exitCode === null && o.child.signalCode === null) o.child.kill('SIGKILL');
      await o.exited;
    }
    tmp.cleanup();
  });

  it('marks a run whose process was killed with SIGKILL as interrupted, once, and keeps its messages', async () => {
    const owner = await startOwner(file);
    owners.push(owner);
    owner.child.kill('SIGKILL');
    await owner.exited;

    const store = openTraceStore({ file });
    try {
      expect(store.getRun(owner.runId)).toMatchObject({ messageCount: 3 });
      expect(store.getRun(owner.runId)?.ok).toBeUndefined();
      const marked = store.markInterruptedRuns();
      expect(marked).toEqual([
        expect.objectContaining({ id: owner.runId, kind: 'load', startedAtMicros: expect.any(Number) }),
      ]);
      const run = store.getRun(owner.runId)!;
      expect(run).toMatchObject({ interrupted: true, ok: false, messageCount: 3 });
      expect(run.summary).toBe('interrupted: the process ended without finishing it');
      // It ended when its last message was captured, as far as anyone can know.
      expect(run.endedAtMicros).toBe(1_750_000_000_000_000 + 2000);
      expect(store.markInterruptedRuns()).toEqual([]);
    } finally {
      store.close();
    }
  }, 30_000);

  it('never touches the run of a process that is still alive', async () => {
    const owner = await startOwner(file);
    owners.push(owner);
    const store = openTraceStore({ file });
    try {
      expect(store.markInterruptedRuns()).toEqual([]);
      expect(store.getRun(owner.runId)?.interrupted).toBeUndefined();
      expect(store.getRun(owner.runId)?.endedAtMicros).toBeUndefined();
      owner.child.kill('SIGKILL');
      await owner.exited;
      expect(store.markInterruptedRuns().map((r) => r.id)).toEqual([owner.runId]);
    } finally {
      store.close();
    }
  }, 30_000);

  it('marks a run whose pid now belongs to another process (pid reuse), by its start time', async () => {
    const owner = await startOwner(file);
    owners.push(owner);
    // The run's owner pid is alive, but the process with that pid started at another time: it is
    // not the process that began the run.
    const db = new Database(file);
    db.prepare("UPDATE runs SET owner_start = owner_start || '-earlier' WHERE id = ?").run(owner.runId);
    db.close();
    const store = openTraceStore({ file });
    try {
      expect(store.markInterruptedRuns().map((r) => r.id)).toEqual([owner.runId]);
    } finally {
      store.close();
    }
  }, 30_000);

  it('leaves finished runs and this process\u2019s own running run alone', () => {
    const store = openTraceStore({ file });
    try {
      const done = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
      store.finishRun(done, { ok: true, summary: 'answered' });
      const mine = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
      expect(store.markInterruptedRuns()).toEqual([]);
      expect(store.getRun(done)).toMatchObject({ ok: true, summary: 'answered' });
      expect(store.getRun(mine)?.ok).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('upgrades a version-1 store: its data stays, and its unfinished run (owner unknown) is not judged', () => {
    const v1 = new Database(file);
    migrate(v1, file, MIGRATIONS.slice(0, 1));
    v1.prepare(
      "INSERT INTO runs (kind, target, profile, started_at_us) VALUES ('load', 'pbx', 'lab', 1750000000000000)",
    ).run();
    v1.close();

    const store = openTraceStore({ file });
    try {
      const [old] = store.listRuns();
      expect(old).toMatchObject({ kind: 'load', target: 'pbx', messageCount: 0 });
      expect(old?.interrupted).toBeUndefined();
      // Which process wrote it is not known, so it may still be running: it is left as it is.
      expect(store.markInterruptedRuns()).toEqual([]);
      expect(store.getRun(old!.id)?.ok).toBeUndefined();
      // New runs record their owner.
      const mine = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
      const db = new Database(file, { readonly: true });
      const row = db.prepare('SELECT owner_pid, owner_host FROM runs WHERE id = ?').get(mine);
      db.close();
      expect(row).toMatchObject({ owner_pid: process.pid });
    } finally {
      store.close();
    }
  });
});
