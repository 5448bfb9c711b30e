// The last row of the checklist: every finding of the run's own traffic (the rules engine, as the
// Findings screen shows them), counted by severity. An error fails the row, unless a row that
// already failed names its rule or holds its call: one cause is one failed row, not two.
import type { AcceptanceRun, AcceptanceStep } from '../../../shared/ipc/schemas/acceptance';
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { analyseRun } from '../../analysis/run-analysis';
import type { TraceStore } from '../../store/trace-store';
import type { AcceptanceBoard } from './acceptance-board';

/**
 * What a caps ramp breaks on purpose to find the caps: expected while it runs, not a finding
 * against the trunk. Its calls' From user is the load generator's (the digest user, or "sipkit"),
 * not the PBX's caller ID: trunk.e164 on them says nothing about the PBX either.
 */
const RAMP_RULES = new Set(['reg.cps', 'reg.channels', 'trunk.limits', 'sip.failure-response', 'trunk.e164']);

/** Rules about what has not happened yet: a run cut short by its time limit leaves them behind. */
const UNFINISHED = new Set(['sip.no-bye', 'sip.no-final-response']);

export function checkFindings(
  board: AcceptanceBoard,
  store: TraceStore,
  runId: number,
  profile: ProviderProfile,
  cutShort: boolean,
): AcceptanceRun['findingCounts'] {
  board.start('findings');
  store.flush();
  const record = store.getRun(runId);
  const all = record ? analyseRun(store, record, profile).findings : [];
  const findings = cutShort ? all.filter((f) => !UNFINISHED.has(f.rule)) : all;
  const counts = {
    error: findings.filter((f) => f.severity === 'error').length,
    warning: findings.filter((f) => f.severity === 'warning').length,
    info: findings.filter((f) => f.severity === 'info').length,
  };
  const failed = board.steps.filter((s) => s.status === 'fail');
  const duringRamp = rampFindings(findings, board.stepOf('caps'), store);
  const unexplained = findings.filter(
    (f) => f.severity === 'error' && !duringRamp.has(f) && !explainedBy(f, failed),
  );
  const figures = (['error', 'warning', 'info'] as const).map((sev) => ({
    label: sev === 'error' ? 'Errors' : sev === 'warning' ? 'Warnings' : 'Info',
    value: String(counts[sev]),
    ...(sev === 'error' ? { expected: '0 not already failing a step', ok: unexplained.length === 0 } : {}),
  }));
  if (duringRamp.size > 0)
    figures.push({ label: 'Expected during the caps ramp', value: String(duringRamp.size) });
  const evidence = findings.map((f) => ({
    text: `${f.severity}: ${f.title} (${f.rule})`,
    messageId: f.evidence[0]?.messageId,
    callId: f.evidence[0]?.callId,
  }));
  if (unexplained.length === 0) {
    board.end('findings', 'pass', { figures, evidence });
  } else {
    board.end('findings', 'fail', {
      figures,
      evidence,
      rules: [...new Set(unexplained.map((f) => f.rule))],
      reason: unexplained.map((f) => f.title).join('; '),
      fix: [...new Set(unexplained.map((f) => f.fix))].join(' '),
    });
  }
  return counts;
}

/** The findings the caps ramp caused on purpose: its rules, on messages sent while it ran. */
function rampFindings(
  findings: readonly FindingView[],
  caps: AcceptanceStep | undefined,
  store: TraceStore,
): Set<FindingView> {
  const from = caps?.startedAtMs;
  const to = caps?.endedAtMs;
  if (from === undefined || to === undefined || caps?.status === 'skipped') return new Set();
  const within = (messageId: number): boolean => {
    const ms = (store.messageById(messageId)?.tsMicros ?? 0) / 1000;
    return ms >= from && ms <= to;
  };
  return new Set(
    findings.filter(
      (f) => RAMP_RULES.has(f.rule) && f.evidence.length > 0 && f.evidence.every((e) => within(e.messageId)),
    ),
  );
}

function explainedBy(f: FindingView, failed: readonly AcceptanceStep[]): boolean {
  const calls = new Set(failed.flatMap((s) => s.evidence.flatMap((e) => (e.callId ? [e.callId] : []))));
  return (
    failed.some((s) => s.rules.includes(f.rule)) || f.evidence.some((e) => e.callId && calls.has(e.callId))
  );
}
