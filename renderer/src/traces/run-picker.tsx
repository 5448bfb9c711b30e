// Which run's trace is shown: the runs of the store, newest first (runs.list order).
import type { RunView } from '../../../shared/ipc/contract';
import { formatRunStart, runResult } from '../format';

export function runOptionLabel(run: RunView): string {
  const target = run.target ? ` · ${run.target}` : '';
  // A run whose process was killed says so: its trace ends early and calls may still be up.
  const state = runResult(run) === 'interrupted' ? ' · interrupted' : '';
  return `#${run.id} ${run.kind}${target} · ${formatRunStart(run.startedAtMicros)} · ${run.messageCount} msg${state}`;
}

export interface RunPickerProps {
  readonly runs: readonly RunView[] | undefined;
  readonly runId: number | undefined;
  readonly onChange: (runId: number) => void;
}

export function RunPicker({ runs, runId, onChange }: RunPickerProps) {
  const known = runs?.some((run) => run.id === runId) ?? false;
  return (
    <label className="field">
      <span>Run</span>
      <select
        data-testid="run-select"
        value={runId === undefined ? '' : String(runId)}
        onChange={(event) => onChange(Number(event.target.value))}
        disabled={!runs || (runs.length === 0 && runId === undefined)}
      >
        {runId === undefined && <option value="">{runs ? 'No runs yet' : 'Loading…'}</option>}
        {/* A run newer than the list's last read (just imported) is still selectable. */}
        {runId !== undefined && !known && <option value={String(runId)}>#{runId}</option>}
        {runs?.map((run) => (
          <option key={run.id} value={String(run.id)}>
            {runOptionLabel(run)}
          </option>
        ))}
      </select>
    </label>
  );
}
