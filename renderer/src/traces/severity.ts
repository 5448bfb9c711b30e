// Severity words and order, the same on the Findings screen, the raw panel and the ladder badges.
import type { FindingView } from '../../../shared/ipc/schemas/traces';

export type Severity = FindingView['severity'];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

export const SEVERITY_GROUP: Readonly<Record<Severity, string>> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Information',
};

/** "1 error", "3 warnings", "2 info": a count of findings of one severity, singular when it is one. */
export function severityCount(severity: Severity, n: number): string {
  if (severity === 'info') return `${n} info`;
  return `${n} ${n === 1 ? SEVERITY_LABEL[severity].toLowerCase() : SEVERITY_GROUP[severity].toLowerCase()}`;
}

/** Findings grouped by severity, errors first, each group in the order the rules gave. */
export function groupBySeverity(
  findings: readonly FindingView[],
): readonly { readonly severity: Severity; readonly findings: readonly FindingView[] }[] {
  return SEVERITIES.map((severity) => ({
    severity,
    findings: findings.filter((f) => f.severity === severity),
  })).filter((group) => group.findings.length > 0);
}

/** The findings whose evidence points at this message, and the lines it points at. */
export function findingsOfMessage(
  findings: readonly FindingView[],
  messageId: number,
): { readonly findings: readonly FindingView[]; readonly lines: ReadonlySet<number> } {
  const lines = new Set<number>();
  const own: FindingView[] = [];
  for (const finding of findings) {
    let mine = false;
    for (const evidence of finding.evidence) {
      if (evidence.messageId !== messageId) continue;
      mine = true;
      if (evidence.line !== undefined) lines.add(evidence.line);
    }
    if (mine) own.push(finding);
  }
  const order = (f: FindingView): number => SEVERITIES.indexOf(f.severity);
  return { findings: own.sort((a, b) => order(a) - order(b)), lines };
}
