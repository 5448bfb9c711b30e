// Where a live capture's messages go: one 'capture' run in the trace store, each SIP message
// stored as it is read (with its original addresses and time), the run kept within its ring, and
// everything that did not make it counted. Shared by the interface/stdin capture and the HEP
// listener, and by both front ends.
import type { RunInput } from '../../../shared/trace-types';
import { capturesOf } from '../../analysis/store-import';
import type { ImportedMessage } from '../../import/imported-message';
import type { TraceStore } from '../../store/trace-store';

export interface CaptureRunOptions {
  readonly store: TraceStore;
  readonly run: Omit<RunInput, 'kind'>;
  /**
   * Keep at most this many messages of the run in the store: on reaching it, the oldest tenth is
   * dropped, so the run always holds the newest ones. Unbounded when absent.
   */
  readonly ring?: number;
  /** Told once, the first time a message cannot be stored (the store keeps failing after). */
  readonly onStoreError?: (message: string) => void;
}

export interface CaptureCounts {
  /** SIP messages stored so far (ever; with a ring, some may have been dropped since). */
  readonly stored: number;
  /** Of those, dropped again by the ring to keep the newest. */
  readonly rotated: number;
  /** Messages the store refused (a failing disk). */
  readonly notStored: number;
}

export class CaptureRun {
  readonly runId: number;
  private stored = 0;
  private rotated = 0;
  private notStored = 0;
  private storeFailed = false;
  private finished = false;
  private lastTs: number;

  constructor(private readonly o: CaptureRunOptions) {
    if (o.ring !== undefined && (!Number.isInteger(o.ring) || o.ring < 1))
      throw new RangeError('the ring must be a whole number of messages, at least 1');
    this.runId = o.store.createRun({ ...o.run, kind: 'capture' });
    this.lastTs = Date.now() * 1000;
  }

  get counts(): CaptureCounts {
    return { stored: this.stored, rotated: this.rotated, notStored: this.notStored };
  }

  /** Messages of the run in the store now. */
  get held(): number {
    return this.stored - this.rotated;
  }

  add(m: ImportedMessage): void {
    if (this.finished) return;
    // A source without a time (HEPv1, a pcapng simple packet block) gets the previous one's.
    const tsMicros = m.tsMicros !== undefined && m.tsMicros > 0 ? m.tsMicros : this.lastTs;
    this.lastTs = tsMicros;
    try {
      this.makeRoom();
      this.o.store.append(this.runId, capturesOf([{ ...m, tsMicros }])[0]!);
      this.stored++;
    } catch (error) {
      this.notStored++;
      if (!this.storeFailed) this.o.onStoreError?.((error as Error).message);
      this.storeFailed = true;
    }
  }

  /** Writes what is queued so watchers (the app, another process) see it now. */
  flush(): void {
    try {
      this.o.store.flush();
    } catch (error) {
      if (!this.storeFailed) this.o.onStoreError?.((error as Error).message);
      this.storeFailed = true;
    }
  }

  /** Records the result; `params` are merged into the run's (drop counts, how it ended). */
  finish(ok: boolean, summary: string, params: Readonly<Record<string, unknown>> = {}): void {
    if (this.finished) return;
    this.finished = true;
    try {
      this.o.store.finishRun(this.runId, {
        ok,
        summary,
        params: { ...this.counts, ...(this.o.ring !== undefined ? { ring: this.o.ring } : {}), ...params },
      });
    } catch (error) {
      if (!this.storeFailed)
        this.o.onStoreError?.(`could not save the run's result: ${(error as Error).message}`);
      this.storeFailed = true;
    }
  }

  private makeRoom(): void {
    const ring = this.o.ring;
    if (ring === undefined || this.held < ring) return;
    // A tenth at a time: one DELETE per many messages, and the run's count keeps changing, which
    // is how the app's store watcher notices new messages.
    const drop = Math.max(1, Math.ceil(ring / 10));
    this.rotated += this.o.store.dropOldestMessages(this.runId, Math.min(drop, this.held));
  }
}
