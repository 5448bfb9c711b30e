// Every SQL statement the trace store runs after migration, prepared once per connection and named
// for what it does. Keeping them here makes the store's database traffic reviewable in one place.
import type Database from 'better-sqlite3';

export interface RunRow {
  readonly id: number;
  readonly kind: string;
  readonly target: string;
  readonly profile: string;
  readonly params_json: string | null;
  readonly started_at_us: number;
  readonly ended_at_us: number | null;
  readonly ok: number | null;
  readonly summary: string | null;
  readonly message_count: number;
  readonly interrupted: number;
}

export interface UnfinishedRunRow {
  readonly id: number;
  readonly kind: string;
  readonly target: string;
  readonly started_at_us: number;
  readonly owner_pid: number;
  readonly owner_host: string;
  readonly owner_start: string | null;
}

export type SummaryRow = Omit<MessageRow, 'raw'>;

export interface MessageRow {
  readonly id: number;
  readonly run_id: number;
  readonly ts_us: number;
  readonly direction: string;
  readonly transport: string;
  readonly local_addr: string;
  readonly local_port: number;
  readonly remote_addr: string;
  readonly remote_port: number;
  readonly parsed: number;
  readonly parse_error: string | null;
  readonly call_id: string | null;
  readonly cseq_seq: number | null;
  readonly cseq_method: string | null;
  readonly method: string | null;
  readonly status: number | null;
  readonly reason: string | null;
  readonly raw: Buffer;
}

/** Positional parameters of insertMessage, in column order (positional binding is the fastest path). */
export type MessageParams = [
  runId: number,
  tsMicros: number,
  direction: string,
  transport: string,
  localAddr: string,
  localPort: number,
  remoteAddr: string,
  remotePort: number,
  parsed: number,
  parseError: string | null,
  callId: string | null,
  cseqSeq: number | null,
  cseqMethod: string | null,
  method: string | null,
  status: number | null,
  reason: string | null,
  raw: Buffer,
];

export type RtpStreamParams = [
  runId: number,
  srcAddr: string,
  srcPort: number,
  dstAddr: string,
  dstPort: number,
  ssrc: number,
  packets: number,
  lost: number,
  firstUs: number,
  lastUs: number,
  recordJson: string,
];

const RUN_COLUMNS =
  'id, kind, target, profile, params_json, started_at_us, ended_at_us, ok, summary, message_count, interrupted';
const SUMMARY_COLUMNS =
  'id, run_id, ts_us, direction, transport, local_addr, local_port, remote_addr, remote_port, parsed, ' +
  'parse_error, call_id, cseq_seq, cseq_method, method, status, reason';
const MESSAGE_COLUMNS = `${SUMMARY_COLUMNS}, raw`;
/** Capture order: the wire timestamp, then insertion order for messages captured in the same microsecond. */
const CAPTURE_ORDER = 'ORDER BY ts_us, id';
const INSERT_COLUMNS = `run_id, ts_us, direction, transport, local_addr, local_port, remote_addr,
  remote_port, parsed, parse_error, call_id, cseq_seq, cseq_method, method, status, reason, raw`;
/** Parameters per message (MessageParams' length). */
export const MESSAGE_PARAMS = 17;
/** Messages per insertMessageRows statement. */
export const INSERT_ROWS = 16;

export function prepareQueries(db: Database.Database) {
  return {
    insertRun: db.prepare<
      [
        kind: string,
        target: string,
        profile: string,
        paramsJson: string | null,
        startedAtUs: number,
        ownerPid: number,
        ownerHost: string,
        ownerStart: string | null,
      ]
    >(
      `INSERT INTO runs (kind, target, profile, params_json, started_at_us, owner_pid, owner_host, owner_start)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Runs with an owner that never finished: candidates for "interrupted" (runs_unfinished index).
    unfinishedRuns: db.prepare<[], UnfinishedRunRow>(
      `SELECT id, kind, target, started_at_us, owner_pid, owner_host, owner_start FROM runs
       WHERE ended_at_us IS NULL AND owner_pid IS NOT NULL`,
    ),
    // Ends at its last captured message (the last moment it is known to have been alive). The
    // "ended_at_us IS NULL" makes two processes starting at once mark it only once.
    markInterrupted: db.prepare<[summary: string, id: number]>(
      `UPDATE runs SET
         ended_at_us = COALESCE((SELECT MAX(ts_us) FROM messages WHERE run_id = runs.id), started_at_us),
         ok = 0, summary = ?, interrupted = 1
       WHERE id = ? AND ended_at_us IS NULL`,
    ),
    finishRun: db.prepare<[endedAtUs: number, ok: number, summary: string, id: number]>(
      'UPDATE runs SET ended_at_us = ?, ok = ?, summary = ? WHERE id = ?',
    ),
    mergeRunParams: db.prepare<[paramsJson: string, id: number]>(
      'UPDATE runs SET params_json = ? WHERE id = ?',
    ),
    addToMessageCount: db.prepare<[added: number, id: number]>(
      'UPDATE runs SET message_count = message_count + ? WHERE id = ?',
    ),
    dropOldestMessages: db.prepare<[runId: number, count: number]>(
      `DELETE FROM messages WHERE id IN
         (SELECT id FROM messages WHERE run_id = ? ORDER BY ts_us, id LIMIT ?)`,
    ),
    runExists: db.prepare<[id: number], { one: number }>('SELECT 1 AS one FROM runs WHERE id = ?'),
    getRun: db.prepare<[id: number], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
    // Newest first by when the run was added, not when it started: an import carries its capture's
    // start, and a capture from last year imported now belongs at the top, where the user looks.
    listRuns: db.prepare<[limit: number, offset: number], RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ? OFFSET ?`,
    ),
    insertMessage: db.prepare<MessageParams>(
      `INSERT INTO messages (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // INSERT_ROWS messages in one statement: one call into SQLite instead of sixteen (the store's
    // share of a load run's CPU drops by about a third, bench/store-scale.bench.ts).
    insertMessageRows: db.prepare<unknown[]>(
      `INSERT INTO messages (${INSERT_COLUMNS}) VALUES ${Array.from(
        { length: INSERT_ROWS },
        () => `(${Array.from({ length: MESSAGE_PARAMS }, () => '?').join(', ')})`,
      ).join(', ')}`,
    ),
    messagesByRun: db.prepare<[runId: number, limit: number, offset: number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE run_id = ? ${CAPTURE_ORDER} LIMIT ? OFFSET ?`,
    ),
    // The same rows without the bytes: scanning a 100,000-message run for its calls reads no BLOBs.
    summariesByRun: db.prepare<[runId: number, limit: number, offset: number], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE run_id = ? ${CAPTURE_ORDER} LIMIT ? OFFSET ?`,
    ),
    messagesByCallId: db.prepare<[callId: string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE call_id = ? ${CAPTURE_ORDER}`,
    ),
    // "+run_id" keeps SQLite on the Call-ID index: through messages_by_run_time it would scan every
    // message of the run for each call (a ladder of 500 calls of a 30,000-message run took seconds).
    // LIMIT -1 is no limit: a long call's first screenful reads only its first rows.
    messagesByCallIdInRun: db.prepare<[callId: string, runId: number, limit: number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE call_id = ? AND +run_id = ? ${CAPTURE_ORDER} LIMIT ?`,
    ),
    messagesByTimeRange: db.prepare<[runId: number, fromUs: number, toUs: number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE run_id = ? AND ts_us BETWEEN ? AND ? ${CAPTURE_ORDER}`,
    ),
    messageById: db.prepare<[id: number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`),
    // Damaged messages whose Call-ID could not be read: the Traces screen groups them as one "call".
    messagesWithoutCallIdInRun: db.prepare<[runId: number, limit: number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE run_id = ? AND (call_id IS NULL OR call_id = '') ${CAPTURE_ORDER} LIMIT ?`,
    ),
    countMessages: db.prepare<[runId: number], { n: number }>(
      'SELECT COUNT(*) AS n FROM messages WHERE run_id = ?',
    ),
    deleteRtpStreams: db.prepare<[runId: number]>('DELETE FROM rtp_streams WHERE run_id = ?'),
    insertRtpStream: db.prepare<RtpStreamParams>(
      `INSERT INTO rtp_streams (run_id, src_addr, src_port, dst_addr, dst_port, ssrc, packets, lost,
         first_us, last_us, record_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    rtpStreamsByRun: db.prepare<[runId: number], { record_json: string }>(
      'SELECT record_json FROM rtp_streams WHERE run_id = ? ORDER BY first_us, id',
    ),
  } as const;
}

export type TraceQueries = ReturnType<typeof prepareQueries>;
