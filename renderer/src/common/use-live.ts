// The live state (registrations, calls, answering): read once, then kept current by the throttled
// live.changed event. The back end pushes the whole state, so the latest event is the truth.
import { useEffect, useState } from 'react';
import type { LiveState } from '../../../shared/ipc/schemas/live';
import type { IpcClient } from '../ipc-client';

export function useLive(client: IpcClient): LiveState | undefined {
  const [live, setLive] = useState<LiveState>();
  useEffect(() => {
    let active = true;
    let pushed = false;
    const off = client.on('live.changed', (state) => {
      pushed = true;
      setLive(state);
    });
    client.request('live.state', {}).then(
      (state) => active && !pushed && setLive(state),
      () => undefined,
    );
    return () => {
      active = false;
      off();
    };
  }, [client]);
  return live;
}
