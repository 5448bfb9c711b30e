// One load run with every message captured into the trace store: the steps the CLI (`sipkit load`)
// and the app's Load screen share. The run is created before the first packet, each captured
// message is appended (a store failure is told once and counted; the load goes on, since stopping
// a trunk test half-way would leave calls up), and the run is finished with what is only known at
// the end (per-second rows, result, totals) under the keys the reports read.
import type { RunInput } from '../../shared/trace-types';
import { finishedRunParams, startLoadBothWays, type BothWaysOptions } from '../engine/load/load-both-ways';
import { startLoadOffThread } from '../engine/load/load-off-thread';
import type { LoadReport, LoadRunHandle, StartLoadOptions } from '../engine/load/load-types';
import type { NotStoredCounts } from '../engine/transport/capture-queue';
import type { TraceStore } from '../store/trace-store';

export interface CapturedLoadRunOptions {
  readonly store: TraceStore;
  readonly run: RunInput;
  /** The engine's options, given the run's id (for lines that name it); the capture is added here. */
  readonly options: (runId: number) => Omit<StartLoadOptions, 'capture'>;
  /** Also load the PBX side (outbound, inbound and total caps). */
  readonly inbound?: BothWaysOptions['inbound'];
  /** The run's one-line summary when it ends (a report), or fails (why). */
  readonly summary: (outcome: LoadOutcome) => string;
  /** Told once, the first time a captured message cannot be stored. */
  onStoreError?(message: string): void;
  /** How each direction starts; on a thread of its own by default (load-off-thread.ts). */
  readonly start?: (opts: StartLoadOptions) => LoadRunHandle;
}

export type LoadOutcome =
  | { readonly report: LoadReport; readonly failure?: undefined }
  | { readonly report?: undefined; readonly failure: string };

export interface CapturedLoadRun {
  readonly runId: number;
  readonly handle: LoadRunHandle;
  /** Settles once the run has ended and been saved; never rejects. */
  readonly finished: Promise<LoadOutcome & { readonly summary: string }>;
  /** Messages stored so far. */
  captured(): number;
  /** Received datagrams the generator dropped unhandled (a flood at its port), so never stored. */
  notStored(): NotStoredCounts;
}

export function startCapturedLoadRun(o: CapturedLoadRunOptions): CapturedLoadRun {
  const runId = o.store.createRun(o.run);
  let captured = 0;
  let unprocessed = 0;
  const notStored = (): NotStoredCounts => ({
    total: unprocessed,
    inbound: unprocessed,
    queueFull: unprocessed,
    tooLarge: 0,
    unprocessed,
  });
  let storeFailed = false;
  const start = o.start ?? startLoadOffThread;
  const options: StartLoadOptions = {
    ...o.options(runId),
    capture: {
      capture: (m) => {
        try {
          o.store.append(runId, m);
          captured++;
        } catch (error) {
          if (!storeFailed) o.onStoreError?.((error as Error).message);
          storeFailed = true;
        }
      },
      notCaptured: () => void unprocessed++,
    },
  };
  const save = (outcome: LoadOutcome): LoadOutcome & { summary: string } => {
    const summary = o.summary(outcome);
    try {
      o.store.finishRun(runId, {
        ok: outcome.report !== undefined && !outcome.report.aborted,
        summary,
        params: { notStored: notStored(), ...(outcome.report ? finishedRunParams(outcome.report) : {}) },
      });
    } catch (error) {
      // The messages are committed batch by batch; only the end-of-run figures are lost here.
      o.onStoreError?.(`could not save the run's result: ${(error as Error).message}`);
    }
    return { ...outcome, summary };
  };

  let handle: LoadRunHandle;
  try {
    handle = o.inbound ? startLoadBothWays({ ...options, inbound: o.inbound, start }) : start(options);
  } catch (error) {
    save({ failure: (error as Error).message });
    throw error;
  }
  const finished = handle.done.then(
    (report) => save({ report }),
    (error: unknown) => save({ failure: (error as Error).message.split('\n')[0] || 'the load run failed' }),
  );
  return { runId, handle, finished, captured: () => captured, notStored };
}
