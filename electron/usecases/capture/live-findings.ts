// Findings of a run that is still capturing, told as soon as the rules can prove them: the run is
// re-analysed when it has new messages, at most every `intervalMs` and never more than a fifth of
// the time (a big run's analysis takes a while), and each finding is told once.
import type { CallMediaData, FindingView } from '../../../shared/ipc/schemas/traces';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { analyseRun } from '../../analysis/run-analysis';
import type { TraceStore } from '../../store/trace-store';

export interface LiveFindingsOptions {
  readonly store: TraceStore;
  readonly runId: number;
  readonly profile: ProviderProfile;
  readonly intervalMs?: number;
  readonly onFinding: (finding: FindingView) => void;
  readonly onError?: (message: string) => void;
  /**
   * Analysis reads the whole run into memory: above this many messages (default 20,000) the run
   * is no longer analysed live, so a long capture without a ring keeps bounded memory. Told once.
   */
  readonly maxMessages?: number;
  readonly onTooBig?: (messages: number) => void;
  /** Each analysis that has the calls' RTP (a capture, once it ended and saved its streams). */
  readonly onMedia?: (media: readonly CallMediaData[]) => void;
}

const MAX_LIVE_MESSAGES = 20_000;

export interface LiveFindings {
  /** Analyses now if the run changed (the last look, once the capture ended). */
  check(): void;
  stop(): void;
}

/**
 * Same rule, same title: the same finding (titles name what differs, e.g. the From host). Not the
 * evidence: a ring drops old messages, and the same problem proven again is not news.
 */
const keyOf = (f: FindingView): string => `${f.rule}\u0000${f.title}`;

export function watchFindings(o: LiveFindingsOptions): LiveFindings {
  const told = new Set<string>();
  // Message count and end: a run that just finished is looked at again (its RTP streams are saved then).
  let seen = '';
  let nextAt = 0;
  let failed = false;
  let tooBig = false;
  const check = (): void => {
    if (tooBig) return;
    try {
      const run = o.store.getRun(o.runId);
      const key = `${run?.messageCount}|${run?.endedAtMicros ?? ''}`;
      if (!run || key === seen) return;
      if (run.messageCount > (o.maxMessages ?? MAX_LIVE_MESSAGES)) {
        tooBig = true;
        o.onTooBig?.(run.messageCount);
        return;
      }
      seen = key;
      const started = performance.now();
      const analysis = analyseRun(o.store, run, o.profile);
      nextAt = performance.now() + 4 * (performance.now() - started);
      if (analysis.media) o.onMedia?.(analysis.media);
      for (const f of analysis.findings) {
        const key = keyOf(f);
        if (told.has(key)) continue;
        told.add(key);
        o.onFinding(f);
      }
    } catch (error) {
      if (!failed) o.onError?.(`could not analyse the run: ${(error as Error).message}`);
      failed = true;
    }
  };
  const timer = setInterval(() => {
    if (performance.now() >= nextAt) check();
  }, o.intervalMs ?? 2000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
