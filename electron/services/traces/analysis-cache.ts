// Run analyses kept between requests, so paging through the call list or opening a ladder does
// not re-read and re-analyse a 30,000-message run. An entry holds while the run's message count and
// end time are what they were; a new message or the run's end makes the next request redo it.
//
// One exception, for runs still capturing (a load test): analysing 30,000 messages takes seconds
// on the process that also runs the engine, and such a run changes with every packet. Its analysis
// is redone at most once per LIVE_BACKOFF times what the last one cost, so the UI sees it a few
// seconds behind instead of the engine losing most of its time to it. A finished run is exact.
//
// The analysis may be a promise (it runs on the trace thread, trace-off-thread.ts): then its cost
// is what the thread says the work took (`costOf`), or else what it took to settle — which would
// count the thread's start and the jobs queued before it, and keep a quiet live capture's screens
// many seconds behind. A failed one is forgotten so the next request tries again.
import type { RunRecord } from '../../../shared/trace-types';
import type { RunAnalysis } from '../../analysis/run-analysis';

/** A few runs under a few profiles: the screens switch between a handful at a time. */
const DEFAULT_ENTRIES = 6;
/** The analysis of a live run takes at most about 1/(1 + LIVE_BACKOFF) of the time. */
const LIVE_BACKOFF = 4;

interface Entry<T> {
  readonly fingerprint: string;
  readonly analysis: T;
  /** When it was computed and how long that took (ms, from `now`). */
  at: number;
  costMs: number;
}

export interface AnalysisCacheOptions<T> {
  readonly maxEntries?: number;
  /** Milliseconds, monotonic. */
  readonly now?: () => number;
  /** What a settled analysis cost to compute (ms), when it can tell. */
  readonly costOf?: (settled: Awaited<T>) => number | undefined;
}

export interface AnalysisCache<T = RunAnalysis> {
  get(run: RunRecord, profile: string, compute: () => T): T;
}

export function createAnalysisCache<T = RunAnalysis>(opts: AnalysisCacheOptions<T> = {}): AnalysisCache<T> {
  const maxEntries = opts.maxEntries ?? DEFAULT_ENTRIES;
  const now = opts.now ?? (() => performance.now());
  // Map order is insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry<T>>();
  return {
    get(run, profile, compute) {
      const key = `${run.id}\u0000${profile}`;
      const fingerprint = `${run.messageCount}|${run.endedAtMicros ?? ''}`;
      const hit = entries.get(key);
      entries.delete(key);
      if (hit !== undefined && (hit.fingerprint === fingerprint || recentEnough(hit, run, now()))) {
        entries.set(key, hit);
        return hit.analysis;
      }
      const start = now();
      const analysis = compute();
      const end = now();
      const entry: Entry<T> = { fingerprint, analysis, at: end, costMs: end - start };
      entries.set(key, entry);
      if (analysis instanceof Promise) {
        analysis.then(
          (settled: Awaited<T>) => {
            entry.at = now();
            entry.costMs = opts.costOf?.(settled) ?? entry.at - start;
          },
          () => {
            if (entries.get(key) === entry) entries.delete(key);
          },
        );
      }
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return analysis;
    },
  };
}

function recentEnough<T>(hit: Entry<T>, run: RunRecord, now: number): boolean {
  return run.endedAtMicros === undefined && now - hit.at < hit.costMs * LIVE_BACKOFF;
}
