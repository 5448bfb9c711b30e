// One finding as a support engineer reads it: what is wrong, what was seen against what the
// provider expects, why it matters, how to fix it, and the wire lines that prove it — each of which
// opens the message in the ladder.
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import { SEVERITY_LABEL } from './severity';

/** Evidence lines shown before "and N more". */
const EVIDENCE_SHOWN = 5;

export interface FindingCardProps {
  readonly finding: FindingView;
  readonly onJump: (evidence: FindingView['evidence'][number]) => void;
}

export function FindingCard({ finding, onJump }: FindingCardProps) {
  const first = finding.evidence[0];
  const shown = finding.evidence.slice(0, EVIDENCE_SHOWN);
  const more = finding.evidence.length - shown.length;
  return (
    <article
      className={`finding-card ${finding.severity}`}
      data-testid="finding"
      data-rule={finding.rule}
      data-severity={finding.severity}
    >
      <header className="finding-head">
        <span className={`sev-chip ${finding.severity}`}>{SEVERITY_LABEL[finding.severity]}</span>
        <h3>{finding.title}</h3>
        <code className="muted rule-id">{finding.rule}</code>
        {first && (
          <button
            type="button"
            className="jump"
            data-testid="finding-jump"
            title="Open this message in the call flow"
            onClick={() => onJump(first)}
          >
            Show in trace →
          </button>
        )}
      </header>
      {(finding.observed || finding.expected) && (
        <dl className="finding-obs">
          {finding.observed && (
            <>
              <dt>Seen</dt>
              <dd className="mono">{finding.observed}</dd>
            </>
          )}
          {finding.expected && (
            <>
              <dt>Expected</dt>
              <dd className="mono">{finding.expected}</dd>
            </>
          )}
        </dl>
      )}
      <p className="finding-explanation">{finding.explanation}</p>
      <p className="finding-fix">
        <strong>Fix: </strong>
        {finding.fix}
      </p>
      {shown.length > 0 && (
        <ul className="finding-evidence" aria-label="Evidence">
          {shown.map((evidence, i) => (
            <li key={`${evidence.messageId}-${evidence.line ?? 0}-${i}`}>
              <button
                type="button"
                className="evidence-jump"
                data-testid="finding-evidence-jump"
                title={`Message ${evidence.messageId}${evidence.line ? `, line ${evidence.line}` : ''}`}
                onClick={() => onJump(evidence)}
              >
                <span className="muted">
                  #{evidence.messageId}
                  {evidence.line ? `:${evidence.line}` : ''}
                </span>{' '}
                <code>{evidence.text ?? '(whole message)'}</code>
              </button>
            </li>
          ))}
          {more > 0 && <li className="muted">… and {more} more</li>}
        </ul>
      )}
    </article>
  );
}
