// The runs in the trace store, newest first. Selecting one shows its messages.
import type { RunView } from '../../shared/ipc/contract';
import { formatDateTime, formatRunStart, runResult } from './format';
import { selectOnKey } from './select-on-key';

export interface RunsTableProps {
  readonly runs: readonly RunView[];
  readonly selectedId: number | undefined;
  readonly onSelect: (id: number) => void;
}

export function RunsTable({ runs, selectedId, onSelect }: RunsTableProps) {
  if (runs.length === 0) {
    return (
      <p className="empty" data-testid="runs-empty">
        No runs yet. Every test you run (for example <code>sipkit options --server pbx.example.com</code>) is
        recorded and shows up here.
      </p>
    );
  }
  return (
    <table className="grid" data-testid="runs-table">
      <thead>
        <tr>
          <th>Started</th>
          <th>Kind</th>
          <th>Target</th>
          <th>Result</th>
          <th className="num" title="Messages captured">
            Msgs
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const result = runResult(run);
          return (
            <tr
              key={run.id}
              data-testid="run-row"
              data-run-id={run.id}
              aria-selected={run.id === selectedId}
              tabIndex={0}
              onClick={() => onSelect(run.id)}
              onKeyDown={selectOnKey(() => onSelect(run.id))}
            >
              <td className="mono" title={formatDateTime(run.startedAtMicros)}>
                {formatRunStart(run.startedAtMicros)}
              </td>
              <td>{run.kind}</td>
              <td className="mono wrap">{run.target}</td>
              <td title={run.summary}>
                <span className={`badge ${result}`}>{result}</span>
              </td>
              <td className="num">{run.messageCount}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
