// The call list of one run, paged by query (traces.calls): the first page when the query changes,
// the next when the list is scrolled to its end, and a re-read of what is shown when the store says
// the run changed — debounced and one request at a time, never one per event of a burst.
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_CALLS_PAGE, type CallSummary } from '../../../shared/ipc/schemas/traces';
import { coalesce } from '../coalesce';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';
import { debounce } from './debounce';

export const CALLS_PAGE = 200;
/** Quiet time after a store.changed burst before the list is re-read. */
export const CALLS_REFRESH_MS = 300;

export interface CallsQuery {
  readonly runId: number;
  readonly hideNoise: boolean;
  readonly search: string;
}

export interface CallsState {
  /** The query these calls answer; a new query starts empty. */
  readonly key: string;
  readonly runId?: number;
  /**
   * The rows are the previous query's on the same run, kept while this one loads so that typing
   * in the search box does not blank the list between keys.
   */
  readonly stale?: boolean;
  readonly calls: readonly CallSummary[];
  readonly total: number;
  readonly loading: boolean;
  /** True once the first page of this query arrived. */
  readonly loaded: boolean;
  readonly error?: string;
}

const keyOf = (q: CallsQuery | undefined): string =>
  q === undefined ? '' : JSON.stringify([q.runId, q.hideNoise, q.search]);

export function useCalls(
  client: IpcClient,
  query: CallsQuery | undefined,
): CallsState & { readonly loadMore: () => void } {
  const key = keyOf(query);
  const [state, setState] = useState<CallsState>({ key, calls: [], total: 0, loading: false, loaded: false });
  const latest = useRef(state);
  latest.current = state;

  const fetchPage = useCallback(
    async (q: CallsQuery, k: string, offset: number, limit: number, replace: boolean): Promise<void> => {
      setState((old) => (old.key === k ? { ...old, loading: true } : old));
      try {
        const page = await client.request('traces.calls', { ...q, offset, limit });
        setState((old) => {
          // An answer for another query, or a page that no longer follows on, is dropped.
          if (old.key !== k || (!replace && old.calls.length !== offset)) return old;
          const calls = replace ? page.calls : [...old.calls, ...page.calls];
          return { key: k, runId: q.runId, calls, total: page.total, loading: false, loaded: true };
        });
      } catch (error) {
        setState((old) =>
          old.key !== k
            ? old
            : {
                ...old,
                ...(old.stale ? { calls: [], total: 0, stale: false } : {}),
                loading: false,
                loaded: true,
                error: messageOf(error),
              },
        );
      }
    },
    [client],
  );

  // The query as of this render, read by the effect and loadMore; the key says when it changed.
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    const q = queryRef.current;
    const fresh = carriedOver(latest.current, key, q);
    setState(fresh);
    latest.current = fresh;
    if (q === undefined) return;
    void fetchPage(q, key, 0, CALLS_PAGE, true);
    // Re-read every row shown (at least a page), in pages the contract allows.
    const reread = coalesce(async () => {
      const shown = Math.max(CALLS_PAGE, latest.current.calls.length);
      await fetchPage(q, key, 0, Math.min(shown, MAX_CALLS_PAGE), true);
      for (
        let offset = MAX_CALLS_PAGE;
        offset < shown && latest.current.key === key;
        offset += MAX_CALLS_PAGE
      ) {
        await fetchPage(q, key, offset, Math.min(shown - offset, MAX_CALLS_PAGE), false);
      }
    });
    const refresh = debounce(reread, CALLS_REFRESH_MS);
    const off = client.on('store.changed', (event) => {
      if (event.runId === q.runId) refresh();
    });
    return () => {
      refresh.cancel();
      off();
    };
  }, [client, key, fetchPage]);

  const loadMore = useCallback(() => {
    const q = queryRef.current;
    const { key: k, calls, total, loading, stale } = latest.current;
    if (q === undefined || k !== keyOf(q) || loading || stale || calls.length >= total) return;
    void fetchPage(q, k, calls.length, CALLS_PAGE, false);
  }, [fetchPage]);

  // Until the effect has run for a new query, the old query's rows are shown as stale (same run) or
  // not at all (another run).
  const shown = state.key === key ? state : carriedOver(state, key, query);
  return { ...shown, loadMore };
}

/** The state a new query starts from: the old rows (marked stale) when the run is the same. */
function carriedOver(old: CallsState, key: string, q: CallsQuery | undefined): CallsState {
  if (q !== undefined && old.runId === q.runId && old.loaded)
    return { ...old, key, stale: true, loading: true, error: undefined };
  return { key, runId: q?.runId, calls: [], total: 0, loading: q !== undefined, loaded: false };
}
