// A refusal a user can act on ("no target named x", "a load run is already going"), as opposed to
// a bug. The dispatcher turns it into an error reply with its code and message, shown as it is.
import type { IpcErrorCode } from '../../shared/ipc/wire';

export class ServiceError extends Error {
  constructor(
    readonly code: Extract<IpcErrorCode, 'refused' | 'needs-confirmation'>,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function refused(message: string): ServiceError {
  return new ServiceError('refused', message);
}
