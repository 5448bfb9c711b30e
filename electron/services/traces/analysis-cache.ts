// Run analyses kept between requests, so paging through the call list or opening a ladder does
// not re-read and re-analyse a 30,000-message run. An entry holds while the run's message count and
// end time are what they were; a new message or the run's end makes the next request redo it.
//
// One exception, for runs still capturing (a load test): analysing 30,000 messages takes seconds
// on the process that also runs the engine, and such a run changes with every packet. Its analysis
// is redone at most once per LIVE_BACKOFF times what the last one cost, so the UI sees it a few
// seconds behind instead of the engine losing most of its time to it. A finished run is exact.
import type { RunRecord } from '../../../shared/trace-types';
import type { RunAnalysis } from '../../analysis/run-analysis';

/** A few runs under a few profiles: the screens switch between a handful at a time. */
const DEFAULT_ENTRIES = 6;
/** The analysis of a live run takes at most about 1/(1 + LIVE_BACKOFF) of the time. */
const LIVE_BACKOFF = 4;

interface Entry {
  readonly fingerprint: string;
  readonly analysis: RunAnalysis;
  /** When it was computed and how long that took (ms, from `now`). */
  readonly at: number;
  readonly costMs: number;
}

export interface AnalysisCacheOptions {
  readonly maxEntries?: number;
  /** Milliseconds, monotonic. */
  readonly now?: () => number;
}

export interface AnalysisCache {
  get(run: RunRecord, profile: string, compute: () => RunAnalysis): RunAnalysis;
}

export function createAnalysisCache(opts: AnalysisCacheOptions = {}): AnalysisCache {
  const maxEntries = opts.maxEntries ?? DEFAULT_ENTRIES;
  const now = opts.now ?? (() => performance.now());
  // Map order is insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry>();
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
      entries.set(key, { fingerprint, analysis, at: end, costMs: end - start });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return analysis;
    },
  };
}

function recentEnough(hit: Entry, run: RunRecord, now: number): boolean {
  return run.endedAtMicros === undefined && now - hit.at < hit.costMs * LIVE_BACKOFF;
}
