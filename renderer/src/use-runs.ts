// The newest runs of the trace store, re-read whenever the back end says the store changed.
import { useEffect, useState } from 'react';
import type { RunView } from '../../shared/ipc/contract';
import { coalesce } from './coalesce';
import { messageOf } from './format';
import type { IpcClient } from './ipc-client';

const RUNS_SHOWN = 200;

export interface RunsState {
  /** Undefined until the first answer. */
  readonly runs?: readonly RunView[];
  readonly error?: string;
}

export function useRuns(client: IpcClient): RunsState {
  const [state, setState] = useState<RunsState>({});
  useEffect(() => {
    let active = true;
    const reload = coalesce(async () => {
      try {
        const { runs } = await client.request('runs.list', { limit: RUNS_SHOWN });
        if (active) setState({ runs });
      } catch (error) {
        if (active) setState((old) => ({ ...old, error: messageOf(error) }));
      }
    });
    reload();
    const off = client.on('store.changed', reload);
    return () => {
      active = false;
      off();
    };
  }, [client]);
  return state;
}
