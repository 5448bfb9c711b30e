// The trace store: where every captured SIP message of every run is kept. Callers depend on this
// interface only; openTraceStore (sqlite-trace-store.ts) is the one way to get an implementation.
import type { RtpStreamRecord } from '../../shared/media/rtp-stream';
import type {
  CapturedMessage,
  RunInput,
  RunKind,
  RunRecord,
  StoredMessage,
  StoredSummary,
} from '../../shared/trace-types';
import type { TraceStoreError } from './trace-store-error';

export interface OpenTraceStoreOptions {
  /** Path of the SQLite file; its folder is created when missing (see defaultDatabaseFile). */
  readonly file: string;
  /** Pending messages are written once this many are queued. Default 512. */
  readonly batchSize?: number;
  /** Pending messages are written at most this long after the first of them was appended. Default 100. */
  readonly flushIntervalMs?: number;
  /** Open an existing database for reading only: no folder is created, no migration runs, writes throw. */
  readonly readonly?: boolean;
  /**
   * Told when a flush started by the background timer fails. The messages stay queued and the next
   * flush (timer, full batch, flush(), finishRun() or close()) retries and throws if it fails again.
   */
  readonly onBackgroundError?: (error: TraceStoreError) => void;
  /**
   * Told, in one line, about something the user should know that did not stop the open: an old
   * store that other local users could read was made private (0700 folder, 0600 files).
   */
  readonly onNotice?: (line: string) => void;
  /** Told after each batch of messages is committed: how many, and how long the commit took (ms). */
  readonly onBatchWritten?: (messages: number, ms: number) => void;
}

export interface FinishRunResult {
  readonly ok: boolean;
  readonly summary: string;
  /** Defaults to now. */
  readonly endedAtMicros?: number;
  /**
   * Merged into the run's params (top-level keys replace): what is only known at the end, such
   * as a load run's per-second rows and caps found. Refused when it looks like a secret.
   */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A run marked interrupted by markInterruptedRuns. */
export interface InterruptedRun {
  readonly id: number;
  readonly kind: RunKind;
  readonly target: string;
  readonly startedAtMicros: number;
}

export interface Page {
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Every method throws TraceStoreError (one-line message) on failure. Reads first write any pending
 * messages of this store, so a caller always sees what it appended.
 */
export interface TraceStore {
  /** Records a new run and returns its id. Refuses parameters that look like secrets. */
  createRun(input: RunInput, startedAtMicros?: number): number;
  /**
   * Marks every unfinished run whose process is gone (process-owner.ts) as interrupted: not ok,
   * ended at its last message, summary "interrupted: …". Returns the runs it marked; a run of a
   * live process, of another host, or from before owners were recorded is left alone.
   */
  markInterruptedRuns(): InterruptedRun[];
  /** Writes pending messages, then marks the run finished. */
  finishRun(id: number, result: FinishRunResult): void;
  /**
   * Queues one message; it is written with the next batch. When the message fills the batch, the
   * batch is written right away; if that write fails this throws, and the queued messages (this one
   * included) are kept for the next try, so do not append it again.
   */
  append(runId: number, msg: CapturedMessage): void;
  /** Writes every pending message now, in one transaction. */
  flush(): void;
  /**
   * Deletes the run's `count` oldest messages (capture order) and returns how many went: what
   * keeps a long live capture's run within its ring (`sipkit capture --ring N`).
   */
  dropOldestMessages(runId: number, count: number): number;
  /** Newest first. */
  listRuns(opts?: Page): RunRecord[];
  getRun(id: number): RunRecord | undefined;
  /** In capture order (timestamp, then arrival). */
  messagesByRun(runId: number, opts?: Page): StoredMessage[];
  /** Like messagesByRun without the bytes: for scans of a whole run (its calls, their state). */
  summariesByRun(runId: number, opts?: Page): StoredSummary[];
  /** In capture order, across all runs unless runId is given; within a run, the first `limit` only when given. */
  messagesByCallId(callId: string, runId?: number, limit?: number): StoredMessage[];
  /** Messages with fromMicros <= tsMicros <= toMicros, in capture order. */
  messagesByTimeRange(runId: number, fromMicros: number, toMicros: number): StoredMessage[];
  /** One message by its store id (the id in StoredMessage and in the UI's views). */
  messageById(id: number): StoredMessage | undefined;
  /** The run's messages without a Call-ID (unparseable ones), in capture order; the first `limit` when given. */
  messagesWithoutCallId(runId: number, limit?: number): StoredMessage[];
  countMessages(runId: number): number;
  /** Keeps a capture's RTP streams with its run, replacing any kept before (a live capture saves them as it goes). */
  saveRtpStreams(runId: number, streams: readonly RtpStreamRecord[]): void;
  /** In order of each stream's first packet; empty when the run kept none. */
  rtpStreamsByRun(runId: number): RtpStreamRecord[];
  /** Writes pending messages and closes the database. Safe to call more than once. */
  close(): void;
}
