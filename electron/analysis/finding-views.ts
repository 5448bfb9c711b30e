// Findings as the Findings screen and the ladder show them: each piece of evidence points at the
// stored message (its store id, so a click opens it) instead of a position in the analysed trace.
import type { Evidence, Finding } from '../../shared/diagnostics/trace-model';
import type { FindingView } from '../../shared/ipc/schemas/traces';
import type { StoredMessage } from '../../shared/trace-types';

type EvidenceView = FindingView['evidence'][number];

/** `stored[i]` is the message the analysed trace held at index i. */
export function toFindingViews(
  findings: readonly Finding[],
  stored: readonly StoredMessage[],
): FindingView[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    title: f.title,
    explanation: f.explanation,
    fix: f.fix,
    ...(f.observed !== undefined ? { observed: f.observed } : {}),
    ...(f.expected !== undefined ? { expected: f.expected } : {}),
    evidence: f.evidence.flatMap((e) => evidenceView(e, stored)),
  }));
}

function evidenceView(e: Evidence, stored: readonly StoredMessage[]): EvidenceView[] {
  const m = stored[e.messageIndex];
  if (m === undefined) return [];
  return [
    {
      messageId: m.id,
      ...(m.callId !== undefined ? { callId: m.callId } : {}),
      ...(e.line !== undefined && Number.isInteger(e.line) && e.line >= 1 ? { line: e.line } : {}),
      ...(e.text !== undefined ? { text: e.text } : {}),
    },
  ];
}
