// What the running capture and HEP listener are doing: their counters, read once a second while
// the Capture screen is open (the run's messages themselves come through store.changed).
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { IpcClient } from '../ipc-client';
import { usePolled } from '../use-polled';

export type CaptureStatus = ResponseOf<'capture.status'>;

const readStatus = (client: IpcClient): Promise<CaptureStatus> => client.request('capture.status', {});

export function useCaptureStatus(client: IpcClient): {
  readonly status?: CaptureStatus;
  readonly error?: string;
  /** Reads now (after a start or stop). */
  readonly refresh: () => void;
} {
  const { value, error, refresh } = usePolled(client, readStatus);
  return { status: value, error, refresh };
}
