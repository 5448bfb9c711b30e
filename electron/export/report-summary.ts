// The summary every report opens with: what was tested, against what, when, and the verdicts.
// Shared by the HTML/PDF and Markdown reports so both say the same thing.
import { buildLadder, type LadderModel } from '../../shared/ladder/ladder-model';
import { toLadderMessage } from '../analysis/ladder-message';
import type { ExportData } from './export-data';
import { hostPort } from '../../shared/sip/address-text';
import { acceptanceOf } from './acceptance-report';

export interface SummaryRow {
  readonly label: string;
  readonly value: string;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  register: 'Registration test',
  options: 'OPTIONS ping',
  call: 'Outbound test call',
  answer: 'Inbound test call (answer)',
  import: 'Imported trace',
  load: 'Load test',
  acceptance: 'Acceptance test',
};

/** What the run tested; an acceptance run says so whatever kind of run holds its traffic. */
function kindWords(run: ExportData['run']): string {
  if (acceptanceOf(run)) return KIND_WORDS.acceptance!;
  return KIND_WORDS[run.kind] ?? run.kind;
}

export function reportTitle(data: ExportData): string {
  return `${kindWords(data.run)} — run ${data.run.id} against ${data.run.target}`;
}

export function summaryRows(data: ExportData): SummaryRow[] {
  const { run } = data;
  const count = (s: string): number => data.findings.filter((f) => f.severity === s).length;
  const callIds = new Set(data.messages.map((m) => m.callId ?? ''));
  const rows: SummaryRow[] = [
    { label: 'Tested', value: `${kindWords(run)} (run ${run.id})` },
    { label: 'Against', value: run.target },
    { label: 'Provider profile', value: data.profile },
    { label: 'Started', value: utc(run.startedAtMicros) },
    {
      label: 'Ended',
      value:
        run.endedAtMicros === undefined
          ? 'still running when exported'
          : `${utc(run.endedAtMicros)} (${seconds(run.endedAtMicros - run.startedAtMicros)})`,
    },
    {
      label: 'Verdict',
      value: `${run.ok === undefined ? 'RUNNING' : run.ok ? 'PASSED' : 'FAILED'}${run.summary ? ` — ${run.summary}` : ''}`,
    },
    {
      label: 'Findings',
      value: `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`,
    },
    {
      label: 'Messages',
      value: `${data.messages.length} in ${callIds.size} call(s)/dialog(s)${data.callIds ? ' (selected calls only)' : ''}`,
    },
    { label: 'Exported', value: utc(data.exportedAtMicros) },
  ];
  return rows;
}

export function ladderOf(data: ExportData): LadderModel {
  return buildLadder(data.messages.map(toLadderMessage), data.findings);
}

/** Verdict lines and caps of a load run, when the load engine stored them in the run's params. */
export function loadResult(data: ExportData): { verdict: string[]; caps: SummaryRow[] } | undefined {
  if (data.run.kind !== 'load') return undefined;
  const result = data.run.params?.result;
  if (result === null || typeof result !== 'object') return undefined;
  const r = result as Record<string, unknown>;
  const verdict = Array.isArray(r.verdict) ? r.verdict.filter((v): v is string => typeof v === 'string') : [];
  const caps: SummaryRow[] = [];
  if (typeof r.lastCleanStep === 'number')
    caps.push({ label: 'Last clean step', value: String(r.lastCleanStep) });
  if (typeof r.firstFailingStep === 'number')
    caps.push({ label: 'First failing step', value: String(r.firstFailingStep) });
  if (typeof r.retryAfterS === 'number') caps.push({ label: 'Retry-After', value: `${r.retryAfterS} s` });
  if (r.statuses && typeof r.statuses === 'object') {
    const list = Object.entries(r.statuses as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(', ');
    if (list) caps.push({ label: 'Final statuses', value: list });
  }
  if (Array.isArray(r.warnings))
    for (const w of r.warnings) if (typeof w === 'string') caps.push({ label: 'Warning', value: w });
  return { verdict, caps };
}

export function utc(micros: number): string {
  const d = new Date(Math.floor(micros / 1000));
  return Number.isNaN(d.getTime()) ? '—' : `${d.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

function seconds(micros: number): string {
  return `${(micros / 1e6).toFixed(3)} s`;
}

/** "REGISTER 127.0.0.1:5060 → 127.0.0.1:5062" style one-liner of a stored message. */
export function messageLine(m: ExportData['messages'][number]): string {
  const what = !m.parsed ? '(unparsed)' : (m.method ?? `${m.status ?? ''} ${m.reason ?? ''}`.trim());
  return `${what} ${routeLine(m)}`;
}

/** "127.0.0.1:5062 → 127.0.0.1:5060 (UDP)". */
export function routeLine(m: ExportData['messages'][number]): string {
  const from = m.direction === 'out' ? m.local : m.remote;
  const to = m.direction === 'out' ? m.remote : m.local;
  return `${hostPort(from.address, from.port)} → ${hostPort(to.address, to.port)} (${m.transport.toUpperCase()})`;
}
