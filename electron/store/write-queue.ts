// Batches items in memory and hands them to a writer in groups, so the database sees one
// transaction per batch instead of one per message. One timer per queue, armed only while items
// wait, and unref'd so a pending flush never keeps the process alive.

export interface WriteQueueOptions<T> {
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  /** Writes all of the batch or none of it (i.e. one transaction); throws on failure. */
  readonly write: (batch: readonly T[]) => void;
  /** Told when a timer-started write fails; the items stay queued for the next attempt. */
  readonly onBackgroundError: (error: unknown) => void;
}

export class WriteQueue<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WriteQueueOptions<T>) {}

  get size(): number {
    return this.pending.length;
  }

  /** Queues one item; writes the batch synchronously (and may throw) once it is full. */
  push(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.options.batchSize) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flushInBackground(), this.options.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything queued. On failure the items are kept, in order, and the error is rethrown. */
  flush(): void {
    this.cancelTimer();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.options.write(batch);
    } catch (error) {
      this.pending = batch.concat(this.pending);
      throw error;
    }
  }

  /** Stops the timer without writing; used once the queue's owner is closing. */
  dispose(): void {
    this.cancelTimer();
  }

  private flushInBackground(): void {
    this.timer = undefined;
    try {
      this.flush();
    } catch (error) {
      // Never throw from a timer: that would crash the process mid-capture. The items stay queued and
      // the next push arms a new timer, so a persistent failure does not spin while nothing is captured.
      this.options.onBackgroundError(error);
    }
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
