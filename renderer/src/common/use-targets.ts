// The saved targets and where passwords are kept, re-read after every save or delete.
import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';

export type TargetsState = ResponseOf<'targets.list'>;

export function useTargets(client: IpcClient): {
  readonly data?: TargetsState;
  readonly error?: string;
  readonly reload: () => void;
} {
  const [state, setState] = useState<{ data?: TargetsState; error?: string }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let active = true;
    client.request('targets.list', {}).then(
      (data) => active && setState({ data }),
      (error: unknown) => active && setState((s) => ({ ...s, error: messageOf(error) })),
    );
    return () => {
      active = false;
    };
  }, [client, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
