// The checklist of an acceptance run as it goes: each step's result, when it ran, what was seen
// against what the provider expects, and why it failed or was skipped with the fix. The words are
// the report's own (shared/acceptance), so the screen and the signed page agree.
import { STATUS_WORDS, stepTime } from '../../../shared/acceptance/acceptance-text';
import type { AcceptanceStep } from '../../../shared/ipc/schemas/acceptance';

export function AcceptanceChecklist({ steps }: { readonly steps: readonly AcceptanceStep[] }) {
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
