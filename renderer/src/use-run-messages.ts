// The messages of one run, a page at a time. When the run changes in the store, a run whose
// messages are all on screen gets the new ones appended; otherwise only the total is updated and
// "Load more" offers the rest, so a long load test never floods the page.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageView } from '../../shared/ipc/contract';
import { coalesce } from './coalesce';
import { messageOf } from './format';
import type { IpcClient } from './ipc-client';

const PAGE = 200;

export interface RunMessagesState {
  readonly runId?: number;
  readonly messages: readonly MessageView[];
  readonly total: number;
  readonly error?: string;
  readonly loading: boolean;
}

const EMPTY: RunMessagesState = { messages: [], total: 0, loading: false };

export function useRunMessages(
  client: IpcClient,
  runId: number | undefined,
): RunMessagesState & { loadMore: () => void } {
  const [state, setState] = useState<RunMessagesState>(EMPTY);
  // The async loaders read the latest state through this, not through a stale closure.
  const latest = useRef(state);
  latest.current = state;

  const fetchFrom = useCallback(
    async (id: number, offset: number, limit: number): Promise<void> => {
      setState((old) => ({ ...old, loading: true }));
      try {
        const page = await client.request('runs.messages', { runId: id, offset, limit });
        setState((old) =>
          // Drop answers for a run that is no longer selected, or for a page already appended.
          old.runId !== id || old.messages.length !== offset
            ? old
            : { runId: id, messages: [...old.messages, ...page.messages], total: page.total, loading: false },
        );
      } catch (error) {
        setState((old) => (old.runId !== id ? old : { ...old, loading: false, error: messageOf(error) }));
      }
    },
    [client],
  );

  useEffect(() => {
    if (runId === undefined) return setState(EMPTY);
    setState({ ...EMPTY, runId });
    latest.current = { ...EMPTY, runId };
    void fetchFrom(runId, 0, PAGE);
    const refresh = coalesce(async () => {
      const { messages, total } = latest.current;
      // All shown: append what is new. Otherwise a one-message read just refreshes the total.
      if (messages.length >= total) return fetchFrom(runId, messages.length, PAGE);
      const page = await client
        .request('runs.messages', { runId, offset: 0, limit: 1 })
        .catch(() => undefined);
      if (page) setState((old) => (old.runId === runId ? { ...old, total: page.total } : old));
    });
    return client.on('store.changed', (event) => {
      if (event.runId === runId) refresh();
    });
  }, [client, runId, fetchFrom]);

  const loadMore = useCallback(() => {
    const { runId: id, messages, loading } = latest.current;
    if (id !== undefined && !loading) void fetchFrom(id, messages.length, PAGE);
  }, [fetchFrom]);

  return { ...state, loadMore };
}
