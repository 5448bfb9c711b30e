// Counters of a load run: the current second's row (attempts, answers, failures by status,
// retransmissions, setup latencies), the run's totals, and every final status, Warning and
// Retry-After seen. Rows are closed by roll() once a second.
import type { LoadSecond, LoadTotals } from './load-types';
import { SampleBuffer } from './percentiles';

const MAX_WARNINGS = 20;

export class LoadStats {
  readonly seconds: LoadSecond[] = [];
  readonly statuses: Record<string, number> = {};
  readonly warnings: string[] = [];
  retryAfterS: number | undefined;
  attempts = 0;
  answered = 0;
  failed = 0;
  maxConcurrent = 0;
  private secAttempts = 0;
  private secAnswered = 0;
  private secFailed = 0;
  private secRetrans = 0;
  /** The most calls up at once in the current second (a call can come and go within it). */
  private secPeakUp = 0;
  private secFailedBy: Record<string, number> = {};
  private readonly latency = new SampleBuffer(4096);

  attempt(): void {
    this.attempts++;
    this.secAttempts++;
  }

  answer(latencyMs: number): void {
    this.answered++;
    this.secAnswered++;
    this.latency.add(latencyMs);
    this.status('200');
  }

  /** A call that failed: `key` is the status code, or "timeout". */
  fail(key: string): void {
    this.failed++;
    this.secFailed++;
    this.secFailedBy[key] = (this.secFailedBy[key] ?? 0) + 1;
    this.status(key);
  }

  status(key: string): void {
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
  }

  retransmission(): void {
    this.secRetrans++;
  }

  noteWarning(value: string): void {
    if (value && this.warnings.length < MAX_WARNINGS && !this.warnings.includes(value))
      this.warnings.push(value);
  }

  noteConcurrent(n: number): void {
    if (n > this.maxConcurrent) this.maxConcurrent = n;
    if (n > this.secPeakUp) this.secPeakUp = n;
  }

  /**
   * Closes the current second's row. Its `concurrent` is the second's peak, not the count at its
   * end: the chart of per-second rows then peaks where the run's "at most N up" says it did.
   */
  roll(second: number, concurrent: number, step: number | undefined): LoadSecond {
    const lat = this.latency.summary();
    const row: LoadSecond = {
      second,
      attempts: this.secAttempts,
      answered: this.secAnswered,
      failed: this.secFailed,
      failedByStatus: this.secFailedBy,
      concurrent: Math.max(concurrent, this.secPeakUp),
      retransmissions: this.secRetrans,
      ...(lat.p50 === undefined
        ? {}
        : { latencyP50Ms: lat.p50, latencyP95Ms: lat.p95, latencyP99Ms: lat.p99 }),
      ...(step === undefined ? {} : { step }),
    };
    this.seconds.push(row);
    this.secAttempts = 0;
    this.secAnswered = 0;
    this.secFailed = 0;
    this.secRetrans = 0;
    this.secFailedBy = {};
    // The calls still up carry into the next second.
    this.secPeakUp = concurrent;
    this.latency.clear();
    return row;
  }

  totals(): LoadTotals {
    return {
      attempts: this.attempts,
      answered: this.answered,
      failed: this.failed,
      maxConcurrent: this.maxConcurrent,
    };
  }
}
