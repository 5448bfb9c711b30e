// What the running capture and HEP listener are doing: their counters, read once a second while
// the Capture screen is open (the run's messages themselves come through store.changed).
import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';

const POLL_MS = 1000;

export type CaptureStatus = ResponseOf<'capture.status'>;

export function useCaptureStatus(client: IpcClient): {
  readonly status?: CaptureStatus;
  readonly error?: string;
  /** Reads now (after a start or stop). */
  readonly refresh: () => void;
} {
  const [status, setStatus] = useState<CaptureStatus>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let active = true;
    const read = (): void => {
      client.request('capture.status', {}).then(
        (s) => {
          if (!active) return;
          setStatus(s);
          setError(undefined);
        },
        (e: unknown) => active && setError(messageOf(e)),
      );
    };
    read();
    const timer = setInterval(read, POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [client, tick]);
  return { status, error, refresh };
}
