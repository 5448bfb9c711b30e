// Notices writes to the trace store, including ones by another process (a `sipkit` run in a
// terminal), by polling the newest runs: a run that is new, or whose message count or result
// changed, is reported once per poll. Polling a small indexed query keeps the UI live without a
// message per packet, and works across processes where an in-process hook could not.
import type { TraceStore } from '../store/trace-store';
import type { RunRecord } from '../../shared/trace-types';

export interface StoreWatcherOptions {
  readonly store: TraceStore;
  readonly intervalMs: number;
  /** How many of the newest runs are compared; older runs rarely change. */
  readonly newestRuns?: number;
  readonly onChanged: (runId: number) => void;
  /** A failed poll (e.g. the database is locked) is retried on the next tick; only the first failure of a streak is reported. */
  readonly onError: (error: unknown) => void;
}

export function watchStore(opts: StoreWatcherOptions): { stop(): void } {
  const newestRuns = opts.newestRuns ?? 50;
  let seen: Map<number, string> | undefined;
  let failing = false;

  const poll = (): void => {
    let runs: RunRecord[];
    try {
      runs = opts.store.listRuns({ limit: newestRuns });
    } catch (error) {
      if (!failing) opts.onError(error);
      failing = true;
      return;
    }
    failing = false;
    const now = new Map(runs.map((run) => [run.id, fingerprint(run)]));
    // The first poll only records the baseline: nothing has changed yet from the UI's point of view.
    if (seen !== undefined) {
      for (const [id, print] of now) if (seen.get(id) !== print) opts.onChanged(id);
    }
    seen = now;
  };

  poll();
  const timer = setInterval(poll, opts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function fingerprint(run: RunRecord): string {
  return `${run.messageCount}|${run.endedAtMicros ?? ''}|${run.ok ?? ''}|${run.summary ?? ''}`;
}
