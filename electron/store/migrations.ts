// The trace database schema, as an ordered list of migrations. Never edit a migration that has
// shipped: add a new one with the next version. Each one runs in its own transaction.

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs and messages',
    sql: `
      CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        kind          TEXT    NOT NULL,
        target        TEXT    NOT NULL,
        profile       TEXT    NOT NULL,
        params_json   TEXT,
        started_at_us INTEGER NOT NULL,
        ended_at_us   INTEGER,
        ok            INTEGER,
        summary       TEXT,
        -- Kept up to date in the same transaction that inserts the messages, so listing runs
        -- never has to count millions of rows.
        message_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX runs_by_start ON runs (started_at_us DESC, id DESC);

      CREATE TABLE messages (
        id          INTEGER PRIMARY KEY,
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        ts_us       INTEGER NOT NULL,
        direction   TEXT    NOT NULL,
        transport   TEXT    NOT NULL,
        local_addr  TEXT    NOT NULL,
        local_port  INTEGER NOT NULL,
        remote_addr TEXT    NOT NULL,
        remote_port INTEGER NOT NULL,
        parsed      INTEGER NOT NULL,
        parse_error TEXT,
        call_id     TEXT,
        cseq_seq    INTEGER,
        cseq_method TEXT,
        method      TEXT,
        status      INTEGER,
        reason      TEXT,
        raw         BLOB    NOT NULL
      );
      CREATE INDEX messages_by_run_time ON messages (run_id, ts_us, id);
      CREATE INDEX messages_by_call_id ON messages (call_id);
    `,
  },
  {
    version: 2,
    name: 'run owners and interrupted runs',
    // Who is running a run (pid, host, start token: process-owner.ts), so a later start can tell a
    // run whose process was killed from one still going, and mark it interrupted. Runs written
    // before this have no owner and are never judged.
    sql: `
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
      ALTER TABLE runs ADD COLUMN owner_start TEXT;
      ALTER TABLE runs ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX runs_unfinished ON runs (id) WHERE ended_at_us IS NULL;
    `,
  },
  {
    version: 3,
    name: 'rtp streams',
    // The RTP streams of a capture (pcap import, live capture): one row per source, destination
    // and SSRC with its counters, so a stored run answers "did the call have audio" later without
    // the packets. The full figures are JSON (shared/media/rtp-stream.ts), the columns what a
    // query may filter on. Gone with their run.
    sql: `
      CREATE TABLE rtp_streams (
        id          INTEGER PRIMARY KEY,
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        src_addr    TEXT    NOT NULL,
        src_port    INTEGER NOT NULL,
        dst_addr    TEXT    NOT NULL,
        dst_port    INTEGER NOT NULL,
        ssrc        INTEGER NOT NULL,
        packets     INTEGER NOT NULL,
        lost        INTEGER NOT NULL,
        first_us    INTEGER NOT NULL,
        last_us     INTEGER NOT NULL,
        record_json TEXT    NOT NULL
      );
      CREATE INDEX rtp_streams_by_run ON rtp_streams (run_id, first_us);
    `,
  },
];

export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
