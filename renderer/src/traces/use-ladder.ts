// The ladder of the selected calls: traces.ladder for their messages and findings, then the shared
// model (shared/ladder) that the SVG/ASCII exports draw too, so the screen and a ticket agree.
// Re-read when the store says the run changed (debounced), so a running call grows on screen.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CallMediaData, FindingView, LadderMessage } from '../../../shared/ipc/schemas/traces';
import type { LadderModel } from '../../../shared/ladder/ladder-model';
import { coalesce } from '../coalesce';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';
import { debounce } from './debounce';
import { ladderOf } from './ladder-of';

/** Quiet time after a selection change or store.changed burst before the ladder is read. */
export const LADDER_REFRESH_MS = 150;

/**
 * Messages read first for a new selection: a long call's first screens are drawn at once (its
 * reply is small to send, check and lay out) while the whole call follows in a second read.
 */
export const LADDER_PREVIEW_MESSAGES = 300;

export interface LadderData {
  readonly messages: readonly LadderMessage[];
  readonly findings: readonly FindingView[];
  readonly truncated: boolean;
  /** The RTP streams of these calls, for a capture that held RTP. */
  readonly media?: readonly CallMediaData[];
}

export interface LadderState {
  /** The selection these data answer. */
  readonly key: string;
  readonly data?: LadderData;
  readonly loading: boolean;
  readonly error?: string;
  /** The data are the selection's first messages only; the whole of it is being read. */
  readonly partial?: boolean;
}

export function useLadder(
  client: IpcClient,
  runId: number | undefined,
  callIds: readonly string[],
): LadderState & { readonly model?: LadderModel; readonly current: boolean } {
  const key = runId === undefined || callIds.length === 0 ? '' : JSON.stringify([runId, callIds]);
  const [state, setState] = useState<LadderState>({ key: '', loading: false });
  const lastSelected = useRef(0);

  useEffect(() => {
    if (key === '') {
      setState({ key, loading: false });
      return;
    }
    const [id, ids] = JSON.parse(key) as [number, string[]];
    let active = true;
    // Keeps the old drawing while the new one loads: no flash to empty on every refresh.
    setState((old) => ({ ...old, loading: true, error: undefined }));
    const read = coalesce(async () => {
      try {
        const reply = await client.request('traces.ladder', { runId: id, callIds: ids });
        if (active) setState({ key, loading: false, data: reply });
      } catch (error) {
        if (active) setState({ key, loading: false, error: messageOf(error) });
      }
    });
    const refresh = debounce(read, LADDER_REFRESH_MS);
    // A new selection: its first messages, then (for a longer one) the whole of it.
    const first = async (): Promise<void> => {
      try {
        const reply = await client.request('traces.ladder', {
          runId: id,
          callIds: ids,
          limit: LADDER_PREVIEW_MESSAGES,
        });
        if (!active) return;
        if (!reply.truncated) return setState({ key, loading: false, data: reply });
        setState({ key, loading: true, data: reply, partial: true });
        read();
      } catch (error) {
        if (active) setState({ key, loading: false, error: messageOf(error) });
      }
    };
    const firstLater = debounce(() => void first(), LADDER_REFRESH_MS);
    // A click is read at once; a selection that changes again within the quiet time (Shift+Down
    // through the list) waits, so only the last of a burst is read.
    const now = Date.now();
    if (now - lastSelected.current >= LADDER_REFRESH_MS) void first();
    else firstLater();
    lastSelected.current = now;
    const off = client.on('store.changed', (event) => {
      if (event.runId === id) refresh();
    });
    return () => {
      active = false;
      refresh.cancel();
      firstLater.cancel();
      off();
    };
  }, [client, key]);

  const data = state.data;
  const model = useMemo(() => (data ? ladderOf(data.messages, data.findings) : undefined), [data]);
  // current: these data answer the selection as it is now (not the one before a click).
  return { ...state, model, current: state.key === key && key !== '' };
}
