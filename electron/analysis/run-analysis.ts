// Everything the Traces and Findings screens derive from one run under one profile: the findings
// (evidence as store ids) and the call list with each call's finding counts. Computed in one pass
// over the run; the cache (analysis-cache.ts) keeps it while the run does not change.
import { analyzeTrace } from '../../shared/diagnostics/analyze';
import type { CallSummary, FindingView } from '../../shared/ipc/schemas/traces';
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { RunRecord, StoredMessage } from '../../shared/trace-types';
import type { TraceStore } from '../store/trace-store';
import { summarizeCalls } from './call-summaries';
import { toFindingViews } from './finding-views';
import { readRunMessages, traceOfRun } from './run-trace';

export interface RunAnalysis {
  readonly runId: number;
  readonly profile: string;
  readonly messageCount: number;
  /** Sorted as the rules engine sorts them: errors first. */
  readonly findings: readonly FindingView[];
  /** In order of each call's first message. */
  readonly calls: readonly CallSummary[];
}

export function analyseRun(store: TraceStore, run: RunRecord, profile: ProviderProfile): RunAnalysis {
  return analyseMessages(run, readRunMessages(store, run.id), profile);
}

/** The analysis of messages already read from the store: no store in it, so it can run on a worker thread. */
export function analyseMessages(
  run: RunRecord,
  stored: readonly StoredMessage[],
  profile: ProviderProfile,
): RunAnalysis {
  const trace = traceOfRun(run, stored);
  // No PBX addresses, as `sipkit analyze --run` without --pbx-ip: the profile's pbx_ip and the
  // traffic itself tell the rules which side is the PBX.
  const result = analyzeTrace(trace, profile, {});
  const findings = toFindingViews(result.findings, stored);
  return {
    runId: run.id,
    profile: profile.name,
    messageCount: stored.length,
    findings,
    calls: summarizeCalls(stored, trace, findings),
  };
}
