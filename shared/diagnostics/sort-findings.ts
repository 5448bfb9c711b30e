// Findings read most serious first, then in trace order (by their first evidence), so a report
// walks the trace from the top within each severity.
import type { Finding, Severity } from './trace-model';

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

function firstIndex(f: Finding): number {
  let min = Number.POSITIVE_INFINITY;
  for (const e of f.evidence) if (e.messageIndex < min) min = e.messageIndex;
  return min;
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i, at: firstIndex(f) }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.at - b.at || a.i - b.i)
    .map((x) => x.f);
}
