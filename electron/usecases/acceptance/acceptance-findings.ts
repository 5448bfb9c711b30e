// The last row of the checklist: every finding of the run's own traffic (the rules engine, as the
// Findings screen shows them), counted by severity. An error fails the row, unless a row that
// already failed names its rule or holds its call: one cause is one failed row, not two.
import type { AcceptanceRun, AcceptanceStep } from '../../../shared/ipc/schemas/acceptance';
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { analyseRun } from '../../analysis/run-analysis';
import type { TraceStore } from '../../store/trace-store';
import type { AcceptanceBoard } from './acceptance-board';

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
  const unexplained = findings.filter((f) => f.severity === 'error' && !explainedBy(f, failed));
  const figures = (['error', 'warning', 'info'] as const).map((sev) => ({
    label: sev === 'error' ? 'Errors' : sev === 'warning' ? 'Warnings' : 'Info',
    value: String(counts[sev]),
    ...(sev === 'error' ? { expected: '0 not already failing a step', ok: unexplained.length === 0 } : {}),
  }));
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

function explainedBy(f: FindingView, failed: readonly AcceptanceStep[]): boolean {
  const calls = new Set(failed.flatMap((s) => s.evidence.flatMap((e) => (e.callId ? [e.callId] : []))));
  return (
    failed.some((s) => s.rules.includes(f.rule)) || f.evidence.some((e) => e.callId && calls.has(e.callId))
  );
}
