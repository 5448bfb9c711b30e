// Runs a request from a button: one at a time, its refusal shown as the one line it is.
import { useCallback, useState } from 'react';
import { messageOf } from '../format';

export function useAction(): {
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly run: (action: () => Promise<unknown>) => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback((action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    action()
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setBusy(false));
  }, []);
  return { busy, error, run };
}
