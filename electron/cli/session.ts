// What every traffic-generating command shares: the trace store, a run in it, and an endpoint
// whose capture goes into that run. Closing the session finishes the run and flushes every
// captured message, whatever happened before.
import type { RunInput } from '../../shared/trace-types';
import { SipEndpoint, type SipEndpointOptions } from '../engine/core/sip-endpoint';
import { CaptureQueue, type NotStoredCounts } from '../engine/transport/capture-queue';
import { markInterruptedRuns } from '../analysis/interrupted-runs';
import { defaultDatabaseFile } from '../store/data-dir';
import { openTraceStore } from '../store/sqlite-trace-store';
import type { TraceStore } from '../store/trace-store';
import { TraceStoreError } from '../store/trace-store-error';
import { hepCaptureSink, HepError, parseHepTarget, type HepStream, type HepTarget } from '../export/hep-send';
import { UsageError } from './cli-error';

/**
 * `sipkit --hep HOST:PORT <command>`: every message the command captures is also sent, as it is
 * captured, to that Homer collector. Set once by main.ts before the command runs.
 */
let liveHep: HepTarget | undefined;

export function mirrorCaptureToHep(target: string | undefined): void {
  try {
    liveHep = target === undefined ? undefined : parseHepTarget(target);
  } catch (err) {
    if (err instanceof HepError) throw new UsageError(err.message);
    throw err;
  }
}

/** Notices go to stderr, so --json output on stdout stays one JSON object per line. */
const notice = (line: string): void => void process.stderr.write(`sipkit: ${line}\n`);

/**
 * The trace store. A writable open first marks the runs an earlier sipkit left unfinished (killed,
 * crashed) as interrupted, one line each on stderr.
 */
export function openStore(readonly = false): TraceStore {
  let store: TraceStore;
  try {
    store = openTraceStore({ file: defaultDatabaseFile(), readonly, onNotice: notice });
  } catch (err) {
    if (err instanceof TraceStoreError) throw new UsageError(err.message);
    throw err;
  }
  if (!readonly) {
    try {
      for (const line of markInterruptedRuns(store)) notice(line);
    } catch (err) {
      // Not worth failing the command the user asked for: the runs are marked next time.
      notice(`could not check for interrupted runs: ${(err as Error).message}`);
    }
  }
  return store;
}

export interface LocalBind {
  readonly address?: string;
  readonly port?: number;
}

export function parseLocal(value: string | undefined): LocalBind {
  if (!value) return {};
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(value.trim()) ?? /^:(\d+)$/.exec(value.trim());
  if (!m) throw new UsageError(`--local ${value}: expected ADDRESS[:PORT]`);
  if (m.length === 2) return { port: Number(m[1]) };
  const port = m[3] !== undefined ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 0 || port > 65535))
    throw new UsageError(`--local ${value}: the port must be 0-65535`);
  return { address: m[1] ?? m[2], port };
}

export class RunSession {
  private finished = false;

  private constructor(
    readonly store: TraceStore,
    readonly runId: number,
    readonly endpoint: SipEndpoint,
    private readonly queue: CaptureQueue,
    private readonly hep?: HepStream,
  ) {}

  static async open(
    run: RunInput,
    local: LocalBind,
    onError: (err: Error) => void,
    limits?: SipEndpointOptions['limits'],
  ): Promise<RunSession> {
    let hep: HepStream | undefined;
    if (liveHep) {
      try {
        hep = await hepCaptureSink(liveHep);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    }
    const store = openStore();
    const runId = store.createRun(run);
    // Captured messages reach the store (and the HEP mirror) through a bounded queue: a flood is
    // counted as not stored rather than queued without limit.
    let storeFailed = false;
    const capture = new CaptureQueue({
      write: (m) => {
        hep?.capture(m);
        store.append(runId, m);
      },
      onError: (err) => {
        if (!storeFailed) onError(err);
        storeFailed = true;
      },
    });
    try {
      const endpoint = await SipEndpoint.open({
        bindAddress: local.address,
        port: local.port,
        capture,
        onError,
        limits,
      });
      return new RunSession(store, runId, endpoint, capture, hep);
    } catch (err) {
      await hep?.close();
      store.finishRun(runId, { ok: false, summary: (err as Error).message });
      store.close();
      throw new UsageError((err as Error).message);
    }
  }

  get messageCount(): number {
    return this.queue.written;
  }

  /** Captured messages that could not be stored (queue full: the store could not keep up; too large). */
  get notStored(): NotStoredCounts {
    return this.queue.notStored;
  }

  /**
   * Closes the endpoint, writes what is queued and records the result. The run's params get
   * `notStored` (what could not be stored, and why) and whatever `params` returns, read once
   * nothing more can arrive.
   */
  async finish(
    ok: boolean,
    summary: string,
    params?: () => Readonly<Record<string, unknown>>,
  ): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.endpoint.close();
    try {
      this.queue.close();
      this.store.finishRun(this.runId, {
        ok,
        summary,
        params: { notStored: this.queue.notStored, ...params?.() },
      });
    } finally {
      this.store.close();
      // Packets already queued on the socket go out before it closes.
      await this.hep?.close();
    }
  }
}
