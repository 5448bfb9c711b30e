// The selected run's messages, paged, with the raw text of the selected message below them.
// App mounts one per run (key), so the selected message never carries over to another run.
import { useState } from 'react';
import type { IpcClient } from './ipc-client';
import { MessagesTable } from './messages-table';
import { RawMessage } from './raw-message';
import { useRunMessages } from './use-run-messages';

export function RunMessagesPane({
  client,
  runId,
}: {
  readonly client: IpcClient;
  readonly runId: number | undefined;
}) {
  const { messages, total, error, loading, loadMore } = useRunMessages(client, runId);
  const [selectedId, setSelectedId] = useState<number>();
  const selected = messages.find((message) => message.id === selectedId);

  return (
    <>
      <section className="pane messages" aria-label="Messages">
        <h2>
          {runId === undefined ? 'Messages' : `Run ${runId}`}
          {runId !== undefined && <span className="muted"> — {total} message(s)</span>}
        </h2>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="scroll">
          {runId === undefined ? (
            <p className="empty">Select a run to see its messages.</p>
          ) : messages.length === 0 ? (
            <p className="empty">{loading ? 'Loading…' : 'This run has no messages.'}</p>
          ) : (
            <MessagesTable messages={messages} selectedId={selectedId} onSelect={setSelectedId} />
          )}
          {messages.length < total && (
            <button
              type="button"
              className="more"
              onClick={loadMore}
              disabled={loading}
              data-testid="load-more"
            >
              Load more ({total - messages.length} not shown)
            </button>
          )}
        </div>
      </section>
      <section className="pane raw-pane" aria-label="Raw message">
        <h2>Raw message</h2>
        <div className="scroll">
          <RawMessage message={selected} />
        </div>
      </section>
    </>
  );
}
