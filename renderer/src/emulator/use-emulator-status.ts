// What the provider emulator is doing, read once a second while the Emulator screen is open.
import type { EmulatorStatusView } from '../../../shared/ipc/schemas/emulator';
import type { IpcClient } from '../ipc-client';
import { usePolled } from '../use-polled';

const readStatus = (client: IpcClient): Promise<EmulatorStatusView | null> =>
  client.request('emulator.status', {}).then((s) => s.emulator);

export function useEmulatorStatus(client: IpcClient): {
  readonly status: EmulatorStatusView | null | undefined;
  readonly error?: string;
  readonly refresh: () => void;
} {
  const { value, error, refresh } = usePolled(client, readStatus);
  return { status: value, error, refresh };
}
