// The target picker of the screens that act on a target (Register, Call, Emulator, Load, Acceptance),
// the props those screens share and the choice they keep.
import { useState } from 'react';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';

/** What app.tsx hands each screen that acts on a target. */
export interface TargetScreenProps {
  readonly client: IpcClient;
  readonly targets: { readonly targets: readonly TargetView[] } | undefined;
  readonly navigate: Navigate;
}

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

/** The targets, the one chosen (the first until another is picked) and how to choose another. */
export function useChosenTarget(targets: TargetScreenProps['targets']): {
  readonly list: readonly TargetView[];
  readonly target: TargetView | undefined;
  readonly setTargetId: (id: string) => void;
} {
  const list = targets?.targets ?? [];
  const [targetId, setTargetId] = useState<string>();
  return { list, target: list.find((t) => t.id === targetId) ?? list[0], setTargetId };
}
