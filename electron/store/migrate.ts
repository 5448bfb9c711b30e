// Brings a trace database up to the latest schema, or explains why it cannot.
import type Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
import { TraceStoreError } from './trace-store-error';

const CREATE_BOOKKEEPING = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version       INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    applied_at_us INTEGER NOT NULL
  )`;

/** Applies every migration the file lacks, each in its own IMMEDIATE transaction. */
export function migrate(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  assertOurs(db, file);
  db.exec(CREATE_BOOKKEEPING);
  const current = currentVersion(db);
  assertNotNewer(current, file, latestOf(migrations));

  const applied = db.prepare<[number], { one: number }>(
    'SELECT 1 AS one FROM schema_migrations WHERE version = ?',
  );
  const record = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (?, ?, ?)',
  );
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // IMMEDIATE takes the write lock before looking, and the re-check inside the transaction makes
    // two processes opening a fresh file at the same moment safe: the second one finds it done.
    db.transaction(() => {
      if (applied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now() * 1000);
    }).immediate();
  }
}

/** For read-only opens: the file must already be at exactly the schema this build knows. */
export function assertCurrentSchema(db: Database.Database, file: string): void {
  assertOurs(db, file);
  const current = hasBookkeeping(db) ? currentVersion(db) : 0;
  assertNotNewer(current, file, LATEST_SCHEMA_VERSION);
  if (current === 0) {
    throw new TraceStoreError(
      'missing',
      `the trace database ${file} holds no SIP Field Kit data yet; run a test first or check SIPKIT_DATA_DIR`,
    );
  }
  if (current < LATEST_SCHEMA_VERSION) {
    throw new TraceStoreError(
      'older-schema',
      `the trace database ${file} uses an older format (schema version ${current}); open it once without read-only mode to upgrade it`,
    );
  }
}

export function currentVersion(db: Database.Database): number {
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

function latestOf(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function hasBookkeeping(db: Database.Database): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !==
    undefined
  );
}

/** A valid SQLite file that holds someone else's tables is not ours to add tables to. */
function assertOurs(db: Database.Database, file: string): void {
  if (hasBookkeeping(db)) return;
  const foreign = db
    .prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    .get();
  if ((foreign?.n ?? 0) > 0) {
    throw new TraceStoreError(
      'damaged',
      `the trace database ${file} is damaged or not a SIP Field Kit database (it holds other tables); move it aside or set SIPKIT_DATA_DIR`,
    );
  }
}

function assertNotNewer(current: number, file: string, latest: number): void {
  if (current > latest) {
    throw new TraceStoreError(
      'newer-schema',
      `the trace database ${file} was written by a newer SIP Field Kit (schema version ${current}, this version knows up to ${latest}); update SIP Field Kit or set SIPKIT_DATA_DIR to use another folder`,
    );
  }
}
