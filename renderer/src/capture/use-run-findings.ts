// The findings of one run, re-read when the store says the run changed: for a capture, findings
// appear as soon as the rules can prove them.
import { useEffect, useState } from 'react';
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import { coalesce } from '../coalesce';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';
import { debounce } from '../traces/debounce';

const REFRESH_MS = 700;

export function useRunFindings(
  client: IpcClient,
  runId: number | undefined,
): { readonly findings?: readonly FindingView[]; readonly error?: string } {
  const [state, setState] = useState<{ runId?: number; findings?: readonly FindingView[]; error?: string }>(
    {},
  );
  useEffect(() => {
    if (runId === undefined) return;
    let active = true;
    const read = coalesce(async () => {
      try {
        const { findings } = await client.request('traces.findings', { runId });
        if (active) setState({ runId, findings });
      } catch (e) {
        if (active) setState({ runId, error: messageOf(e) });
      }
    });
    read();
    const later = debounce(read, REFRESH_MS);
    const off = client.on('store.changed', (event) => {
      if (event.runId === runId) later();
    });
    return () => {
      active = false;
      later.cancel();
      off();
    };
  }, [client, runId]);
  return state.runId === runId ? state : {};
}
