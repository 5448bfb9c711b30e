// The acceptance run in words (issue 20): the verdict as a customer reads it, each step's status
// and time. Shared by the Acceptance screen and the checklist report, so the screen a technician
// shows and the page the customer signs say the same thing.
import type { AcceptanceRun, AcceptanceStep, AcceptanceStepStatus } from '../ipc/schemas/acceptance';

export type Tone = 'ok' | 'bad' | 'run';

export interface AcceptanceVerdictText {
  readonly tone: Tone;
  /** "Ready for cut-over", "Not ready for cut-over: 2 steps failed", … */
  readonly headline: string;
  /** The steps the customer must see first: the failed ones; for an incomplete run, what was not tested. */
  readonly steps: readonly AcceptanceStep[];
}

export const RUN_STATE_WORDS: Readonly<Record<AcceptanceRun['state'], string>> = {
  running: 'still running',
  done: 'finished',
  aborted: 'aborted before the end',
  'timed-out': 'stopped at its time limit',
};

/**
 * How a step skipped only because the technician did not ask for it (no caps ramp) is worded: it
 * does not hold back "ready" (the acceptance use case's checklist words it so).
 */
export const NOT_ASKED = 'not asked for';

/** A step skipped only because its input was not given (no --caps): it does not hold back "ready". */
export function notAsked(s: AcceptanceStep): boolean {
  return s.status === 'skipped' && (s.reason ?? '').startsWith(NOT_ASKED);
}

export function acceptanceVerdict(a: AcceptanceRun): AcceptanceVerdictText {
  const failed = a.steps.filter((s) => s.status === 'fail');
  const skipped = a.steps.filter((s) => s.status === 'skipped');
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (a.verdict === 'ready') return { tone: 'ok', headline: 'Ready for cut-over', steps: [] };
  // Not ready: the failing steps with their fixes; what they kept from running is in the checklist.
  if (a.verdict === 'not-ready')
    return {
      tone: 'bad',
      headline: `Not ready for cut-over: ${plural(failed.length, 'step')} failed`,
      steps: failed,
    };
  const why = a.verdict === 'incomplete' ? 'Incomplete' : 'No verdict yet';
  const parts = [RUN_STATE_WORDS[a.state]];
  if (failed.length > 0) parts.push(`${plural(failed.length, 'step')} failed`);
  if (skipped.length > 0) parts.push(`${plural(skipped.length, 'step')} skipped`);
  // Incomplete: what was not tested, and why (no DID given, the time limit, an Abort).
  const untested = a.steps.filter((s) => s.status !== 'pass' && s.status !== 'fail' && !notAsked(s));
  return {
    tone: failed.length > 0 ? 'bad' : 'run',
    headline: `${why}: ${parts.join(', ')}`,
    steps: a.verdict === 'incomplete' ? [...failed, ...untested] : failed,
  };
}

export const STATUS_WORDS: Readonly<Record<AcceptanceStepStatus, string>> = {
  pending: 'not run',
  running: 'running',
  pass: 'PASS',
  fail: 'FAIL',
  skipped: 'skipped',
};

export function statusTone(s: AcceptanceStepStatus): Tone {
  return s === 'pass' ? 'ok' : s === 'fail' ? 'bad' : 'run';
}

/** "20:41:07 UTC, 2.4 s": when the step ran, on the report's clock (UTC). */
export function stepTime(s: AcceptanceStep): string {
  if (s.startedAtMs === undefined) return '—';
  const at = new Date(s.startedAtMs);
  if (Number.isNaN(at.getTime())) return '—';
  const clock = `${at.toISOString().slice(11, 19)} UTC`;
  return s.endedAtMs === undefined ? clock : `${clock}, ${duration(s.endedAtMs - s.startedAtMs)}`;
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
