// The checklist of an acceptance run as it goes: each step's result, when it ran, what was seen
// against what the provider expects, why it failed or was skipped with the fix, and the evidence,
// each piece opening its message or call in Traces. The words are the report's own
// (shared/acceptance), so the screen and the signed page agree.
import { STATUS_WORDS, stepTime } from '../../../shared/acceptance/acceptance-text';
import type { AcceptanceStep } from '../../../shared/ipc/schemas/acceptance';
import type { TraceFocus } from '../navigation';

export function AcceptanceChecklist({
  runId,
  steps,
  onOpen,
}: {
  readonly runId: number;
  readonly steps: readonly AcceptanceStep[];
  /** Opens Traces on a piece of evidence's message or call. */
  readonly onOpen: (focus: TraceFocus) => void;
}) {
  return (
    <table className="acceptance-steps">
      <thead>
        <tr>
          <th>Result</th>
          <th>Step</th>
          <th>When</th>
          <th>Seen (expected)</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s.id} data-testid="acceptance-step" data-step={s.id} data-status={s.status}>
            <td>
              <span className={`acceptance-status ${s.status}`}>{STATUS_WORDS[s.status]}</span>
            </td>
            <td>
              <strong>{s.title}</strong>
              {s.reason && <div className="small">{s.reason}</div>}
              {s.fix && (
                <div className="acceptance-fix small" data-testid="acceptance-fix">
                  Fix: {s.fix}
                </div>
              )}
              {s.rules.length > 0 && <div className="small muted mono">{s.rules.join(' ')}</div>}
              {s.evidence.length > 0 && (
                <ul className="acceptance-evidence small">
                  {s.evidence.map((e, i) => (
                    <li key={i}>
                      {e.messageId !== undefined || e.callId !== undefined ? (
                        <button
                          type="button"
                          className="link"
                          data-testid="acceptance-evidence"
                          title="Open it in Traces"
                          onClick={() =>
                            onOpen({
                              runId,
                              ...(e.callId !== undefined ? { callId: e.callId } : {}),
                              ...(e.messageId !== undefined ? { messageId: e.messageId } : {}),
                            })
                          }
                        >
                          {e.text}
                        </button>
                      ) : (
                        e.text
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td className="small nowrap">{s.status === 'pending' ? '' : stepTime(s)}</td>
            <td className="small">
              {s.figures.map((f) => (
                <div key={f.label} className={f.ok === false ? 'acceptance-off' : undefined}>
                  {f.label}: <strong>{f.value}</strong>
                  {f.expected !== undefined && <span className="muted"> (expected {f.expected})</span>}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
