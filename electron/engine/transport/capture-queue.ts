// Between the transport and the trace store: captured messages wait here and are written in
// slices on later turns of the event loop, so receiving a datagram costs O(1) and the store's
// batch commits never sit between two datagrams. The queue is bounded (messages and bytes): when
// the store cannot keep up, further messages are counted as not stored, with the reason, instead
// of growing memory until the process dies. A message larger than a SIP message can be is
// counted as too large.
import type { CapturedMessage } from '../../../shared/trace-types';
import type { CaptureSink, NotCapturedReason } from './capture-sink';

export interface CaptureQueueOptions {
  /** Where each message goes (the store's append); may throw, e.g. when a batch commit fails. */
  readonly write: (message: CapturedMessage) => void;
  /** Messages waiting at most (default 20,000). */
  readonly maxMessages?: number;
  /** Bytes of raw messages waiting at most (default 8 MiB). */
  readonly maxBytes?: number;
  /** A message above this many bytes is not stored (default 65,535: the largest UDP payload). */
  readonly maxMessageBytes?: number;
  /** Messages written per event-loop turn at most (default 256). */
  readonly sliceSize?: number;
  /** Told when write throws; the queue pauses briefly and tries again. */
  readonly onError?: (err: Error) => void;
}

export interface NotStoredCounts {
  /** Every message not stored, in or out. */
  readonly total: number;
  /** Of those, received ones (datagrams that reached us). */
  readonly inbound: number;
  /** Dropped because the queue was full: the store could not keep up. */
  readonly queueFull: number;
  /** Dropped because the message was larger than maxMessageBytes. */
  readonly tooLarge: number;
  /**
   * Of queueFull: datagrams the transport dropped before handling them (more arrived than could
   * be handled; the flooding source's own backlog goes first).
   */
  readonly unprocessed: number;
}

const DEFAULT_MAX_MESSAGES = 20_000;
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_MESSAGE_BYTES = 65_535;
const DEFAULT_SLICE = 32;
const RETRY_AFTER_ERROR_MS = 100;

export class CaptureQueue implements CaptureSink {
  private items: (CapturedMessage | undefined)[] = [];
  private head = 0;
  private bytes = 0;
  private scheduled = false;
  private pausedUntil = 0;
  private closed = false;
  private writtenCount = 0;
  private dropped = { total: 0, inbound: 0, queueFull: 0, tooLarge: 0, unprocessed: 0 };

  constructor(private readonly opts: CaptureQueueOptions) {}

  /** Messages handed to the writer so far. */
  get written(): number {
    return this.writtenCount;
  }

  get pending(): number {
    return this.items.length - this.head;
  }

  get notStored(): NotStoredCounts {
    return { ...this.dropped };
  }

  capture(message: CapturedMessage): void {
    if (this.closed) return this.drop(message, 'queueFull');
    if (message.raw.byteLength > (this.opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES))
      return this.drop(message, 'tooLarge');
    if (
      this.pending >= (this.opts.maxMessages ?? DEFAULT_MAX_MESSAGES) ||
      this.bytes + message.raw.byteLength > (this.opts.maxBytes ?? DEFAULT_MAX_BYTES)
    )
      return this.drop(message, 'queueFull');
    this.items.push(message);
    this.bytes += message.raw.byteLength;
    this.schedule();
  }

  notCaptured(direction: CapturedMessage['direction'], reason: NotCapturedReason): void {
    if (reason !== 'queue-full') return;
    this.dropped.total++;
    this.dropped.queueFull++;
    this.dropped.unprocessed++;
    if (direction === 'in') this.dropped.inbound++;
  }

  /** Writes everything still queued, now (when the run ends); later captures are counted as dropped. */
  close(): void {
    this.closed = true;
    this.pausedUntil = 0;
    this.writeSome(Number.POSITIVE_INFINITY);
  }

  private drop(message: CapturedMessage, why: 'queueFull' | 'tooLarge'): void {
    this.dropped.total++;
    this.dropped[why]++;
    if (message.direction === 'in') this.dropped.inbound++;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.pausedUntil - Date.now();
    const run = (): void => {
      this.scheduled = false;
      this.writeSome(this.opts.sliceSize ?? DEFAULT_SLICE);
      if (this.pending > 0 && !this.closed) this.schedule();
    };
    if (wait > 0) setTimeout(run, wait).unref();
    else setImmediate(run);
  }

  private writeSome(limit: number): void {
    let n = 0;
    while (this.head < this.items.length && n < limit) {
      const message = this.items[this.head]!;
      try {
        this.opts.write(message);
      } catch (err) {
        // The store keeps a message whose batch failed and retries it with the next one, so this
        // message counts as handed over; pause before handing over more.
        this.take();
        this.writtenCount++;
        this.pausedUntil = Date.now() + RETRY_AFTER_ERROR_MS;
        this.opts.onError?.(err as Error);
        if (!this.closed) return;
        continue;
      }
      this.take();
      this.writtenCount++;
      n++;
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  private take(): void {
    const message = this.items[this.head]!;
    this.bytes -= message.raw.byteLength;
    this.items[this.head] = undefined;
    this.head++;
  }
}
