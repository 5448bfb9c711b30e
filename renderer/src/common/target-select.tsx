// The target picker of the Register, Call and Load screens.
import type { TargetView } from '../../../shared/ipc/schemas/targets';

export function TargetSelect({
  targets,
  value,
  onChange,
}: {
  readonly targets: readonly TargetView[];
  readonly value: string | undefined;
  readonly onChange: (id: string) => void;
}) {
  if (targets.length === 0) return <p className="empty">Add a target first (Targets).</p>;
  return (
    <label className="inline-field">
      <span className="field-label">Target</span>
      <select data-testid="target-select" value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.server})
          </option>
        ))}
      </select>
    </label>
  );
}

/** The chosen target id, defaulting to the first. */
export function chosenTarget(targets: readonly TargetView[], id: string | undefined): TargetView | undefined {
  return targets.find((t) => t.id === id) ?? targets[0];
}
