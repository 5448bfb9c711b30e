// STUB (issue 8): the Export menu on Traces, with a preview.
import type { IpcClient } from '../ipc-client';

export interface ExportMenuProps {
  readonly client: IpcClient;
  readonly runId: number;
  /** The selected calls; the whole run when empty. */
  readonly callIds: readonly string[];
}

export function ExportMenu(_props: ExportMenuProps) {
  return null;
}
