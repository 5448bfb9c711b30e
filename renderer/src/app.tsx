// The first screen: the runs in the trace store and, for the selected one, its messages.
// data-testid="app-ready" appears once the first data has arrived, for UI tests to wait on.
import { useEffect, useState } from 'react';
import type { IpcClient } from './ipc-client';
import { RunMessagesPane } from './run-messages-pane';
import { RunsTable } from './runs-table';
import { useAppInfo } from './use-app-info';
import { useDisconnect } from './use-disconnect';
import { useRuns } from './use-runs';

export function App({ client }: { readonly client: IpcClient }) {
  const { info, error: infoError } = useAppInfo(client);
  const { runs, error: runsError } = useRuns(client);
  const disconnected = useDisconnect(client);
  const [selectedRunId, setSelectedRunId] = useState<number>();
  // On opening, the newest run is shown: usually the test just run. Chosen once, so a run started
  // later does not pull the view away from the one being read.
  const newestRunId = runs?.[0]?.id;
  useEffect(() => {
    if (newestRunId !== undefined) setSelectedRunId((current) => current ?? newestRunId);
  }, [newestRunId]);
  // A lost connection also fails the pending requests with the same text: show it once.
  const problems = [...new Set([disconnected, infoError, runsError])].filter(
    (p): p is string => p !== undefined,
  );
  const ready = info !== undefined && runs !== undefined;

  return (
    <div className="app" data-testid={ready ? 'app-ready' : 'app-loading'}>
      <header className="top">
        <h1>SIP Field Kit</h1>
        {info && (
          <span className="muted" data-testid="app-info">
            {info.version} · {info.mode === 'web' ? 'web mode' : 'desktop'} ·{' '}
            <span className="mono">{info.dataFile}</span>
          </span>
        )}
      </header>
      {problems.map((problem) => (
        <p key={problem} className="error banner" role="alert" data-testid="app-error">
          {problem}
        </p>
      ))}
      <main className="layout">
        <section className="pane runs" aria-label="Runs">
          <h2>Runs</h2>
          <div className="scroll">
            {runs === undefined ? (
              <p className="empty">Loading…</p>
            ) : (
              <RunsTable runs={runs} selectedId={selectedRunId} onSelect={setSelectedRunId} />
            )}
          </div>
        </section>
        <RunMessagesPane key={selectedRunId ?? 0} client={client} runId={selectedRunId} />
      </main>
    </div>
  );
}
