// What `sipkit capture` and `sipkit listen-hep` both print while they run: each finding as soon as
// the rules prove it, and a progress line every few seconds when something new arrived.
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { TraceStore } from '../../store/trace-store';
import { watchFindings, type LiveFindings } from '../../usecases/capture/live-findings';
import type { Reporter } from '../reporter';
import { printMedia } from './media-output';

export function printFinding(reporter: Reporter, f: FindingView): void {
  const where = f.evidence[0] ? ` (message ${f.evidence[0].messageId})` : '';
  reporter.info('finding', `${f.severity.toUpperCase()} ${f.rule}: ${f.title}${where} · fix: ${f.fix}`, {
    rule: f.rule,
    severity: f.severity,
    title: f.title,
    fix: f.fix,
    evidence: f.evidence.map((e) => e.messageId),
  });
}

export function liveFindings(
  reporter: Reporter,
  store: TraceStore,
  runId: number,
  profile: ProviderProfile,
): LiveFindings {
  return watchFindings({
    store,
    runId,
    profile,
    onFinding: (f) => printFinding(reporter, f),
    // Once the capture ended: each call's RTP streams and audio verdict, as sipkit analyze prints them.
    onMedia: (calls) => printMedia({ calls, unmatched: [] }, reporter),
    onError: (message) => reporter.warn('finding', message),
    onTooBig: (messages) =>
      reporter.warn(
        'finding',
        `the run holds ${messages} messages: no more live findings (memory); --ring N keeps it small, sipkit analyze --run ${runId} reads it all`,
      ),
  });
}

export interface FollowedRun<R> {
  readonly reporter: Reporter;
  readonly store: TraceStore;
  readonly runId: number;
  readonly profile: ProviderProfile;
  /** The progress line's first word ("capture", "hep"). */
  readonly label: string;
  status(): { readonly packets: number; readonly messages: number };
  stop(): void;
  readonly done: Promise<R>;
  readonly signal: AbortSignal;
}

/**
 * Follows a live run until it ends (Ctrl-C stops it): findings as they are proven, a progress line
 * when something moved; then the last findings, and the store closed.
 */
export async function followLiveRun<R>(o: FollowedRun<R>): Promise<R> {
  const findings = liveFindings(o.reporter, o.store, o.runId, o.profile);
  let last = '';
  const stopProgress = progressLines(5000, () => {
    const s = o.status();
    const line = `${o.label.padEnd(9)} ${s.packets} packet(s), ${s.messages} SIP message(s) stored`;
    if (line === last) return undefined;
    last = line;
    return line;
  });
  const onAbort = (): void => o.stop();
  o.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await o.done;
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    stopProgress();
    findings.check();
    findings.stop();
    o.store.close();
  }
}

/** Calls `line` every `everyMs` while `changed` says something moved; returns the stop. */
function progressLines(everyMs: number, changed: () => string | undefined): () => void {
  const timer = setInterval(() => {
    const line = changed();
    if (line !== undefined) process.stderr.write(`${line}\n`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
