// STUB (issue 5, traces work): findings of a run grouped by severity, each jumping to its message.
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';

export interface FindingsScreenProps {
  readonly client: IpcClient;
  /** The run whose findings are shown; undefined = the newest run. */
  readonly runId: number | undefined;
  readonly navigate: Navigate;
}

export function FindingsScreen(_props: FindingsScreenProps) {
  return <section data-testid="findings-screen">Findings</section>;
}
