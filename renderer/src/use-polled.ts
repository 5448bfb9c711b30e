// A value read from the engine once a second while a screen is open, and at once after refresh()
// (a start or a stop); an error keeps the last value and says why. `read` must be stable (defined
// at module level), since a new one restarts the polling.
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from './format';
import type { IpcClient } from './ipc-client';

const POLL_MS = 1000;

export function usePolled<T>(
  client: IpcClient,
  read: (client: IpcClient) => Promise<T>,
): { readonly value?: T; readonly error?: string; readonly refresh: () => void } {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let active = true;
    const poll = (): void => {
      read(client).then(
        (v) => {
          if (!active) return;
          setValue(v);
          setError(undefined);
        },
        (e: unknown) => active && setError(messageOf(e)),
      );
    };
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [client, read, tick]);
  return { value, error, refresh };
}
