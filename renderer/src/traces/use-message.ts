// One message's raw text (traces.message), fetched when the raw panel opens on it. A stored message
// never changes, so answers are kept for the screen's lifetime (a bounded number of them).
import { useEffect, useRef, useState } from 'react';
import type { MessageView } from '../../../shared/ipc/contract';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';

const KEPT = 200;

export interface MessageState {
  readonly message?: MessageView;
  readonly loading: boolean;
  readonly error?: string;
}

export function useMessage(client: IpcClient, messageId: number | undefined): MessageState {
  const cache = useRef(new Map<number, MessageView>());
  const [state, setState] = useState<{ readonly id?: number } & MessageState>({ loading: false });

  useEffect(() => {
    if (messageId === undefined) return;
    const kept = cache.current.get(messageId);
    if (kept) {
      setState({ id: messageId, message: kept, loading: false });
      return;
    }
    let active = true;
    setState({ id: messageId, loading: true });
    client.request('traces.message', { messageId }).then(
      ({ message }) => {
        const map = cache.current;
        if (map.size >= KEPT) map.delete(map.keys().next().value as number);
        map.set(messageId, message);
        if (active) setState({ id: messageId, message, loading: false });
      },
      (error: unknown) => active && setState({ id: messageId, loading: false, error: messageOf(error) }),
    );
    return () => {
      active = false;
    };
  }, [client, messageId]);

  if (messageId === undefined) return { loading: false };
  const cached = cache.current.get(messageId);
  if (state.id !== messageId) return cached ? { message: cached, loading: false } : { loading: true };
  return state;
}
