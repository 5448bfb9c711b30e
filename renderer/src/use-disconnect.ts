// The one-line reason the back end is gone, or undefined while it is reachable.
import { useEffect, useState } from 'react';
import type { IpcClient } from './ipc-client';

export function useDisconnect(client: IpcClient): string | undefined {
  const [reason, setReason] = useState<string>();
  useEffect(() => client.onDisconnect(setReason), [client]);
  return reason;
}
