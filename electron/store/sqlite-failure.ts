// Turns whatever better-sqlite3 or the file system threw into a one-line TraceStoreError that says
// what is wrong with which file and what the technician can do about it.
import { oneLine, TraceStoreError } from './trace-store-error';

export function toTraceStoreError(error: unknown, file: string, doing: string): TraceStoreError {
  if (error instanceof TraceStoreError) return error;
  const code = codeOf(error);
  const reason = oneLine(error instanceof Error ? error.message : String(error)) || code || 'unknown error';
  const cause = { cause: error };

  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new TraceStoreError(
      'damaged',
      `the trace database ${file} is damaged or not a SIP Field Kit database (${reason}); move it aside or set SIPKIT_DATA_DIR`,
      cause,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new TraceStoreError(
      'locked',
      `the trace database ${file} is busy in another SIP Field Kit window or process (${reason}); close it and try again`,
      cause,
    );
  }
  if (code === 'SQLITE_FULL') {
    return new TraceStoreError(
      'disk-full',
      `cannot ${doing} the trace database ${file}: the disk is full (${reason}); free some space`,
      cause,
    );
  }
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_IOERR') ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code === 'ENOTDIR' ||
    code === 'EEXIST'
  ) {
    return new TraceStoreError(
      'cannot-open',
      `cannot ${doing} the trace database ${file} (${reason}); check the folder's permissions or set SIPKIT_DATA_DIR`,
      cause,
    );
  }
  return new TraceStoreError(
    'database-error',
    `cannot ${doing} the trace database ${file} (${reason})`,
    cause,
  );
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return '';
}
