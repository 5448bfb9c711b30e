// The acceptance run the back end holds (running, or the last one), read once a second while the
// Acceptance screen is open.
import type { AcceptanceRun } from '../../../shared/ipc/schemas/acceptance';
import type { IpcClient } from '../ipc-client';
import { usePolled } from '../use-polled';

const readStatus = (client: IpcClient): Promise<AcceptanceRun | null> =>
  client.request('acceptance.status', {}).then((s) => s.acceptance);

export function useAcceptanceStatus(client: IpcClient): {
  readonly run: AcceptanceRun | null | undefined;
  readonly error?: string;
  readonly refresh: () => void;
} {
  const { value, error, refresh } = usePolled(client, readStatus);
  return { run: value, error, refresh };
}
