// Converts between the domain types in shared/trace-types.ts and the rows of the trace database.
// Optional fields that are NULL in SQLite are left out of the returned objects, not set to undefined.
import type {
  CapturedMessage,
  Direction,
  RunKind,
  RunRecord,
  StoredMessage,
  StoredSummary,
  TransportName,
} from '../../shared/trace-types';
import type { MessageParams, MessageRow, RunRow, SummaryRow } from './queries';

export function toMessageParams(runId: number, msg: CapturedMessage): MessageParams {
  return [
    runId,
    Math.round(msg.tsMicros),
    msg.direction,
    msg.transport,
    msg.local.address,
    msg.local.port,
    msg.remote.address,
    msg.remote.port,
    msg.parsed ? 1 : 0,
    msg.parseError ?? null,
    msg.callId ?? null,
    msg.cseqSeq ?? null,
    msg.cseqMethod ?? null,
    msg.method ?? null,
    msg.status ?? null,
    msg.reason ?? null,
    // A copy, not a view: the message waits in the queue until the next flush, and a capture layer
    // that reuses its receive buffer must not be able to change what ends up in the trace.
    Buffer.from(msg.raw),
  ];
}

/**
 * Built as one object with the optional fields assigned, not spread together: a read of a
 * 10,000-message call or a Call-ID lookup made eight throw-away objects per row, and among 10
 * million stored messages the lookups' tail was the young-generation collections they brought on
 * (bench/store-scale.bench.ts).
 */
export function toStoredMessage(row: MessageRow): StoredMessage {
  const m = toStoredSummary(row) as Writable<StoredMessage>;
  m.raw = row.raw;
  return m;
}

export function toStoredSummary(row: SummaryRow): StoredSummary {
  const s: Writable<StoredSummary> = {
    id: row.id,
    runId: row.run_id,
    tsMicros: row.ts_us,
    direction: row.direction as Direction,
    transport: row.transport as TransportName,
    local: { address: row.local_addr, port: row.local_port },
    remote: { address: row.remote_addr, port: row.remote_port },
    parsed: row.parsed !== 0,
  };
  if (row.parse_error !== null) s.parseError = row.parse_error;
  if (row.call_id !== null) s.callId = row.call_id;
  if (row.cseq_seq !== null) s.cseqSeq = row.cseq_seq;
  if (row.cseq_method !== null) s.cseqMethod = row.cseq_method;
  if (row.method !== null) s.method = row.method;
  if (row.status !== null) s.status = row.status;
  if (row.reason !== null) s.reason = row.reason;
  return s;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind as RunKind,
    target: row.target,
    profile: row.profile,
    ...optional('params', row.params_json === null ? null : parseParams(row.params_json)),
    startedAtMicros: row.started_at_us,
    ...optional('endedAtMicros', row.ended_at_us),
    ...optional('ok', row.ok === null ? null : row.ok !== 0),
    ...optional('summary', row.summary),
    messageCount: row.message_count,
    ...(row.interrupted !== 0 ? { interrupted: true } : {}),
  };
}

function parseParams(json: string): Readonly<Record<string, unknown>> | null {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    // A run whose parameters cannot be read is still worth listing; show it without them.
    return null;
  }
}

function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}
