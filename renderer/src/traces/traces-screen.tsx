// STUB (issue 5, traces work): the call list and the ladder of the selected calls.
import type { IpcClient } from '../ipc-client';
import type { Navigate, TraceFocus } from '../navigation';

export interface TracesScreenProps {
  readonly client: IpcClient;
  /** Run, call and message to show; undefined = the newest run. */
  readonly focus: TraceFocus | undefined;
  readonly navigate: Navigate;
}

export function TracesScreen(_props: TracesScreenProps) {
  return <section data-testid="traces-screen">Traces</section>;
}
