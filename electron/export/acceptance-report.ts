// What the acceptance checklist report (issue 20) draws on, shared by its HTML/PDF and Markdown
// forms so both read the same: the stored checklist, who and what was tested, and the calls whose
// ladders are drawn (the verdict and step words are the screen's too: shared/acceptance). The run itself comes from the stored run's params (the
// acceptance use case saves the AcceptanceRun there, the way a load run keeps its result), already
// through the export's Redactor like every other string of the run.
import { buildLadder, type LadderModel } from '../../shared/ladder/ladder-model';
import { duration, RUN_STATE_WORDS } from '../../shared/acceptance/acceptance-text';
import {
  acceptanceRunSchema,
  type AcceptanceRun,
  type AcceptanceStep,
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
  // A run still going has its checklist stored before it had its id.
  const parsed = acceptanceRunSchema.safeParse(
    stored !== null && typeof stored === 'object' ? { runId: run.id, ...stored } : stored,
  );
  return parsed.success ? parsed.data : undefined;
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
          ? RUN_STATE_WORDS.running
          : `${duration(a.endedAtMs - a.startedAtMs)} (${RUN_STATE_WORDS[a.state]})`,
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
