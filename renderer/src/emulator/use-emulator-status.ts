// What the provider emulator is doing, read once a second while the Emulator screen is open.
import { useCallback, useEffect, useState } from 'react';
import type { EmulatorStatusView } from '../../../shared/ipc/schemas/emulator';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';

const POLL_MS = 1000;

export function useEmulatorStatus(client: IpcClient): {
  readonly status: EmulatorStatusView | null | undefined;
  readonly error?: string;
  readonly refresh: () => void;
} {
  const [status, setStatus] = useState<EmulatorStatusView | null>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let active = true;
    const read = (): void => {
      client.request('emulator.status', {}).then(
        (s) => {
          if (!active) return;
          setStatus(s.emulator);
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
