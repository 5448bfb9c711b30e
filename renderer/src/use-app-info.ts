// What the header shows: version, mode and which trace database is open.
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { messageOf } from './format';
import type { IpcClient } from './ipc-client';

export function useAppInfo(client: IpcClient): {
  readonly info?: ResponseOf<'app.info'>;
  readonly error?: string;
} {
  const [state, setState] = useState<{ info?: ResponseOf<'app.info'>; error?: string }>({});
  useEffect(() => {
    let active = true;
    client.request('app.info', {}).then(
      (info) => active && setState({ info }),
      (error: unknown) => active && setState({ error: messageOf(error) }),
    );
    return () => {
      active = false;
    };
  }, [client]);
  return state;
}
