// STUB (issue 7): load runs with live charts, progress and abort.
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';

export interface LoadScreenProps {
  readonly client: IpcClient;
  readonly navigate: Navigate;
}

export function LoadScreen(_props: LoadScreenProps) {
  return <section data-testid="load-screen">Load</section>;
}
