// Errors the CLI turns into one line and an exit code. Usage errors (bad arguments, unreadable
// files, a damaged database) exit 2; an operation that ran and failed exits 1.
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
