// Everything the Traces and Findings screens derive from one run under one profile: the findings
// (evidence as store ids) and the call list with each call's finding counts. Computed in one pass
// over the run; the cache (analysis-cache.ts) keeps it while the run does not change.
import { analyzeTrace } from '../../shared/diagnostics/analyze';
import { mediaView } from '../../shared/diagnostics/media-view';
import type { CallMediaData, CallSummary, FindingView } from '../../shared/ipc/schemas/traces';
import type { RtpStreamRecord } from '../../shared/media/rtp-stream';
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { RunRecord, StoredMessage } from '../../shared/trace-types';
import type { TraceStore } from '../store/trace-store';
import { summarizeCalls } from './call-summaries';
import { factsOptions, runFacts } from './import-facts';
import { toFindingViews } from './finding-views';
import { rtpStreamsOfRun } from './run-rtp';
import { readRunMessages, traceOfRun } from './run-trace';

export interface RunAnalysis {
  readonly runId: number;
  readonly profile: string;
  readonly messageCount: number;
  /** Sorted as the rules engine sorts them: errors first. */
  readonly findings: readonly FindingView[];
  /** In order of each call's first message. */
  readonly calls: readonly CallSummary[];
  /** Per INVITE call, its RTP streams and verdict: only for a capture that held RTP (pcap import, live capture). */
  readonly media?: readonly CallMediaData[];
}

export function analyseRun(store: TraceStore, run: RunRecord, profile: ProviderProfile): RunAnalysis {
  return analyseMessages(run, readRunMessages(store, run.id), profile, rtpStreamsOfRun(store, run));
}

/** The analysis of messages already read from the store: no store in it, so it can run on a worker thread. */
export function analyseMessages(
  run: RunRecord,
  stored: readonly StoredMessage[],
  profile: ProviderProfile,
  rtpStreams?: readonly RtpStreamRecord[],
): RunAnalysis {
  const trace = traceOfRun(run, stored);
  // No PBX addresses but those the import found (a PBX's own log), as `sipkit analyze --run`
  // without --pbx-ip: the profile's pbx_ip and the traffic itself tell the rules the rest.
  const result = analyzeTrace(trace, profile, {
    ...factsOptions(runFacts(run)),
    ...(rtpStreams ? { rtpStreams } : {}),
  });
  const findings = toFindingViews(result.findings, stored);
  const calls = summarizeCalls(stored, trace, findings);
  if (!result.media)
    return { runId: run.id, profile: profile.name, messageCount: stored.length, findings, calls };
  // Copies with plain arrays: what crosses the thread and the IPC schema's shape.
  const view = mediaView(result.media);
  const media: CallMediaData[] = view.calls.map((m) => ({
    ...m,
    streams: m.streams.map((st) => ({ ...st, payloadTypes: [...st.payloadTypes] })),
  }));
  // A capture without any RTP (filtered to the SIP port) judges no call: its rtp.audio note says
  // so once, where an Audio column of "no audio" on every call would point the wrong way.
  const heldRtp = view.unmatched.length > 0 || media.some((m) => m.streams.length > 0);
  const byCallId = new Map(heldRtp ? media.map((m) => [m.callId, m]) : []);
  return {
    runId: run.id,
    profile: profile.name,
    messageCount: stored.length,
    findings,
    calls: calls.map((c) => {
      const m = byCallId.get(c.callId);
      // A call never answered had no audio to judge, unless RTP flowed anyway (early media).
      return m && (m.answered || m.streams.length > 0)
        ? {
            ...c,
            audio: {
              verdict: m.verdict,
              fromCaller: m.fromCaller,
              toCaller: m.toCaller,
              streams: m.streams.length,
            },
          }
        : c;
    }),
    media,
  };
}
