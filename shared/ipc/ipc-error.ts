// What a failed IPC request rejects with on the UI side: a one-line message for the technician and
// a code for the code.
import type { IpcErrorCode } from './wire';

export class IpcError extends Error {
  override readonly name = 'IpcError';

  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
