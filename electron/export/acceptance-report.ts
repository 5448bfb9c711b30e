// What the acceptance checklist report (issue 20) says, shared by its HTML/PDF and Markdown forms so
// both read the same: the verdict in words, the failing steps with their fixes, each step's time,
// and the calls whose ladders are drawn. The run itself comes from the stored run's params (the
// acceptance use case saves the AcceptanceRun there, the way a load run keeps its result), already
// through the export's Redactor like every other string of the run.
import { buildLadder, type LadderModel } from '../../shared/ladder/ladder-model';
import {
  acceptanceRunSchema,
  type AcceptanceRun,
  type AcceptanceStep,
  type AcceptanceStepStatus,
} from '../../shared/ipc/schemas/acceptance';
import type { RunRecord } from '../../shared/trace-types';
import { toLadderMessage } from '../analysis/ladder-message';
import type { ExportData } from './export-data';

/** The key of the run's params that holds the AcceptanceRun. */
export const ACCEPTANCE_PARAM = 'acceptance';

/** Calls drawn at most: a checklist has an outbound and an inbound call, a few more at most. */
const MAX_CALL_LADDERS = 6;
/** Rows of one call's ladder: a test call is a few dozen messages. */
export const CALL_LADDER_ROWS = 200;

/** The acceptance run stored with this run, when it has one that still reads as one. */
export function acceptanceOf(run: RunRecord): AcceptanceRun | undefined {
  const stored = run.params?.[ACCEPTANCE_PARAM];
  if (stored === undefined) return undefined;
  const parsed = acceptanceRunSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

export type Tone = 'ok' | 'bad' | 'run';

export interface AcceptanceVerdictText {
  readonly tone: Tone;
  /** "Ready for cut-over", "Not ready for cut-over: 2 steps failed", … */
  readonly headline: string;
  /** The steps the customer must see first: the failed ones, then what was skipped because of them. */
  readonly steps: readonly AcceptanceStep[];
}

const ENDED_WORDS: Readonly<Record<AcceptanceRun['state'], string>> = {
  running: 'still running when exported',
  done: 'finished',
  aborted: 'aborted before the end',
  'timed-out': 'stopped at its time limit',
};

export function acceptanceVerdict(a: AcceptanceRun): AcceptanceVerdictText {
  const failed = a.steps.filter((s) => s.status === 'fail');
  const skipped = a.steps.filter((s) => s.status === 'skipped');
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (a.verdict === 'ready') return { tone: 'ok', headline: 'Ready for cut-over', steps: [] };
  if (a.verdict === 'not-ready')
    return {
      tone: 'bad',
      headline: `Not ready for cut-over: ${plural(failed.length, 'step')} failed`,
      steps: [...failed, ...skipped],
    };
  const why = a.verdict === 'incomplete' ? 'Incomplete' : 'No verdict yet';
  const parts = [ENDED_WORDS[a.state]];
  if (failed.length > 0) parts.push(`${plural(failed.length, 'step')} failed`);
  if (skipped.length > 0) parts.push(`${plural(skipped.length, 'step')} skipped`);
  return {
    tone: failed.length > 0 ? 'bad' : 'run',
    headline: `${why}: ${parts.join(', ')}`,
    steps: [...failed, ...skipped],
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

/** "Site", "Target", … : who and what the run tested, for the block beside the signatures. */
export function acceptanceFacts(a: AcceptanceRun, data: ExportData): { label: string; value: string }[] {
  const started = new Date(a.startedAtMs);
  return [
    { label: 'Site', value: a.site?.trim() || '—' },
    { label: 'Target', value: a.target },
    { label: 'Provider profile', value: a.profile },
    { label: 'Run', value: String(data.run.id) },
    {
      label: 'Started',
      value: Number.isNaN(started.getTime())
        ? '—'
        : `${started.toISOString().replace('T', ' ').slice(0, 19)} UTC`,
    },
    {
      label: 'Lasted',
      value:
        a.endedAtMs === undefined
          ? ENDED_WORDS.running
          : `${duration(a.endedAtMs - a.startedAtMs)} (${ENDED_WORDS[a.state]})`,
    },
    { label: 'Time limit', value: `${a.timeLimitS} s` },
    {
      label: 'Findings',
      value: `${a.findingCounts.error} error(s), ${a.findingCounts.warning} warning(s), ${a.findingCounts.info} note(s)`,
    },
  ];
}

export interface CallLadder {
  readonly step: AcceptanceStep;
  readonly callId: string;
  readonly model: LadderModel;
}

/**
 * One ladder per call a step cites (in checklist order): the outbound call, both legs of the
 * inbound loop. Call-IDs in the steps and the messages went through the same Redactor, so they match.
 */
export function callLadders(a: AcceptanceRun, data: ExportData): CallLadder[] {
  const byCall = new Map<string, ExportData['messages'][number][]>();
  for (const m of data.messages) {
    if (m.callId === undefined) continue;
    const list = byCall.get(m.callId) ?? [];
    list.push(m);
    byCall.set(m.callId, list);
  }
  const out: CallLadder[] = [];
  const seen = new Set<string>();
  for (const step of a.steps)
    for (const e of step.evidence) {
      const messages = e.callId === undefined || seen.has(e.callId) ? undefined : byCall.get(e.callId);
      if (!messages || out.length >= MAX_CALL_LADDERS) continue;
      seen.add(e.callId!);
      const ids = new Set(messages.map((m) => m.id));
      const findings = data.findings.filter((f) => f.evidence.some((x) => ids.has(x.messageId)));
      out.push({ step, callId: e.callId!, model: buildLadder(messages.map(toLadderMessage), findings) });
    }
  return out;
}
