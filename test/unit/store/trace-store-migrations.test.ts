import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/store/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../electron/store/migrations';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import { TraceStoreError } from '../../../electron/store/trace-store-error';
import { makeMessage, makeTempDir } from './store-fixtures';

interface MigrationRow {
  readonly version: number;
  readonly name: string;
  readonly applied_at_us: number;
}

describe('trace store migrations', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;

  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'sipkit.db');
  });
  afterEach(() => tmp.cleanup());

  function appliedMigrations(): MigrationRow[] {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare<[], MigrationRow>('SELECT * FROM schema_migrations ORDER BY version').all();
    } finally {
      db.close();
    }
  }

  function openError(opts: { readonly?: boolean } = {}): TraceStoreError {
    try {
      openTraceStore({ file, ...opts }).close();
    } catch (error) {
      if (error instanceof TraceStoreError) return error;
      throw error;
    }
    throw new Error('expected openTraceStore to fail');
  }

  it('keeps its migrations in strictly increasing version order', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.length).toBeGreaterThan(0);
    versions.forEach((v, i) => expect(v).toBeGreaterThan(i === 0 ? 0 : (versions[i - 1] ?? 0)));
    expect(LATEST_SCHEMA_VERSION).toBe(versions.at(-1));
  });

  it('brings a new file to the latest schema, in WAL mode', () => {
    openTraceStore({ file }).close();

    expect(appliedMigrations().map((m) => [m.version, m.name])).toEqual(
      MIGRATIONS.map((m) => [m.version, m.name]),
    );
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('does not run migrations again when the file is reopened, and keeps the data', () => {
    const store = openTraceStore({ file });
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    store.append(runId, makeMessage());
    store.close();
    const before = appliedMigrations();

    const again = openTraceStore({ file });
    try {
      expect(again.countMessages(runId)).toBe(1);
    } finally {
      again.close();
    }
    expect(appliedMigrations()).toEqual(before);
  });

  it('applies each migration in its own transaction, so a failed upgrade leaves the earlier ones intact', () => {
    const db = new Database(file);
    try {
      const steps = [
        { version: 1, name: 'first', sql: 'CREATE TABLE first (x INTEGER)' },
        {
          version: 2,
          name: 'broken',
          sql: 'CREATE TABLE second (x INTEGER); INSERT INTO no_such_table VALUES (1)',
        },
      ];
      expect(() => migrate(db, file, steps)).toThrowError(/no such table/);

      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((t) => t.name);
      expect(tables).toEqual(['first', 'schema_migrations']);
      expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    } finally {
      db.close();
    }
  });

  it('refuses a database from a newer SIP Field Kit with a clear one-line error', () => {
    openTraceStore({ file }).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'from the future', 0)").run(
      LATEST_SCHEMA_VERSION + 5,
    );
    db.close();

    const error = openError();
    expect(error.code).toBe('newer-schema');
    expect(error.message).toBe(
      `the trace database ${file} was written by a newer SIP Field Kit (schema version ${LATEST_SCHEMA_VERSION + 5}, this version knows up to ${LATEST_SCHEMA_VERSION}); update SIP Field Kit or set SIPKIT_DATA_DIR to use another folder`,
    );
    expect(openError({ readonly: true }).code).toBe('newer-schema');
  });

  it('calls a text file named sipkit.db damaged, in one line without a stack', () => {
    fs.writeFileSync(file, 'this is my notes file, not a database\n'.repeat(200));

    const error = openError();
    expect(error.code).toBe('damaged');
    expect(error.message).toBe(
      `the trace database ${file} is damaged or not a SIP Field Kit database (file is not a database); move it aside or set SIPKIT_DATA_DIR`,
    );
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(openError({ readonly: true }).code).toBe('damaged');
    // The file is left alone for the technician to inspect or move.
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^this is my notes file/);
  });

  it('calls a database with a damaged header damaged too', () => {
    openTraceStore({ file }).close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 0, 100); // wipe the SQLite header
    fs.writeFileSync(file, bytes);

    expect(openError().code).toBe('damaged');
  });

  it('refuses to add its tables to some other program’s SQLite database', () => {
    const db = new Database(file);
    db.exec('CREATE TABLE contacts (name TEXT)');
    db.close();

    const error = openError();
    expect(error.code).toBe('damaged');
    expect(error.message).toContain('(it holds other tables)');
  });

  it('explains when the data folder cannot be created', () => {
    const blocker = path.join(tmp.dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const inside = path.join(blocker, 'sipkit.db');

    expect(() => openTraceStore({ file: inside })).toThrowError(
      expect.objectContaining({
        code: 'cannot-open',
        message: expect.stringMatching(
          /^cannot create the data folder .*not-a-folder \(.*\); check its permissions/,
        ),
      }),
    );
  });
});
