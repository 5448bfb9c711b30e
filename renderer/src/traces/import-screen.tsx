// STUB (issue 5, traces work): open, drop or paste a trace; lands in Traces with findings.
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';

export interface ImportScreenProps {
  readonly client: IpcClient;
  readonly navigate: Navigate;
}

export function ImportScreen(_props: ImportScreenProps) {
  return <section data-testid="import-screen">Import</section>;
}
