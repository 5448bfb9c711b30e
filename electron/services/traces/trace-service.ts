// The Traces, Findings and Import screens' queries: the call list, the ladder's messages, one
// message's raw text, findings, and imports. A run is analysed once per change (analysis-cache.ts):
// paging, searching and opening ladders reuse that analysis.
import type { RequestHandlers } from '../../../shared/ipc/contract';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { RunRecord } from '../../../shared/trace-types';
import { TraceStoreError } from '../../store/trace-store-error';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import { toMessageView } from '../trace-views';
import { createAnalysisCache } from './analysis-cache';
import { queryCalls } from './call-query';
import { importTrace } from './import-trace';
import { ladderOf } from './ladder-query';
import type { RunAnalysis } from '../../analysis/run-analysis';
import { rtpStreamsOfRun } from '../../analysis/run-rtp';
import { readRunMessages } from '../../analysis/run-trace';
import { profileOfRun } from '../../analysis/run-profile';
import { namedProfile } from './trace-profiles';
import { sharedTraceThread, type TimedAnalysis, type TraceThread } from './trace-off-thread';

export type TraceHandlers = Pick<
  RequestHandlers,
  'traces.calls' | 'traces.ladder' | 'traces.message' | 'traces.findings' | 'traces.import'
>;

export interface TraceServiceOptions {
  /** Milliseconds, monotonic: paces re-analysis of runs still capturing (analysis-cache.ts). */
  readonly now?: () => number;
  /** Where imports and analyses run; the process's shared worker thread by default. */
  readonly thread?: TraceThread;
}

export function createTraceHandlers(ctx: ServiceContext, opts: TraceServiceOptions = {}): TraceHandlers {
  // The thread's own timing is on the real clock: an injected clock times everything itself.
  const cache = createAnalysisCache<Promise<TimedAnalysis>>(
    opts.now === undefined ? { costOf: (timed) => timed.computeMs } : { now: opts.now },
  );
  // Imports and analyses run on the trace thread: the thread that answers the screens only reads
  // and writes the store (issue 14).
  const thread = opts.thread ?? sharedTraceThread();
  // Booted now, so the first import or analysis does not wait for it.
  if (opts.thread === undefined) thread.warm();

  const runOf = (runId: number): RunRecord => {
    const run = ctx.store.getRun(runId);
    if (run === undefined) {
      throw new TraceStoreError('unknown-run', `there is no run ${runId} in the trace database`);
    }
    return run;
  };
  const analysis = (run: RunRecord, profile: ProviderProfile = profileOfRun(run)): Promise<RunAnalysis> =>
    cache
      .get(run, profile.name, () =>
        thread.analyse(run, readRunMessages(ctx.store, run.id), profile, rtpStreamsOfRun(ctx.store, run)),
      )
      .then((timed) => timed.analysis);

  return {
    'traces.calls': async (request) => queryCalls((await analysis(runOf(request.runId))).calls, request),
    'traces.ladder': async (request) => {
      const run = runOf(request.runId);
      const result = await analysis(run);
      const ladder = ladderOf(ctx.store, run.id, request.callIds, result.findings, request.limit);
      if (result.media === undefined) return ladder;
      const wanted = new Set(request.callIds);
      return { ...ladder, media: result.media.filter((m) => wanted.has(m.callId)) };
    },
    'traces.message': ({ messageId }) => {
      const message = ctx.store.messageById(messageId);
      if (message === undefined) throw refused(`there is no message ${messageId} in the trace database`);
      return { message: toMessageView(message) };
    },
    'traces.findings': async (request) => {
      const run = runOf(request.runId);
      const profile = request.profile === undefined ? profileOfRun(run) : namedProfile(request.profile);
      const result = await analysis(run, profile);
      return { profile: result.profile, messageCount: result.messageCount, findings: [...result.findings] };
    },
    'traces.import': (request) =>
      // The run is stored with the import's profile, so this analysis is the one the call list reuses.
      importTrace(ctx, request, thread, async (runId) => (await analysis(runOf(runId))).findings.length),
  };
}
