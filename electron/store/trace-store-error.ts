// The one error type the trace store throws. Its message is a single line a field technician can act
// on (what is wrong, which file, what to do); the original error, if any, is kept as `cause` for
// developers and never shown as a stack dump.

export type TraceStoreErrorCode =
  | 'damaged'
  | 'newer-schema'
  | 'older-schema'
  | 'missing'
  | 'cannot-open'
  | 'locked'
  | 'disk-full'
  | 'database-error'
  | 'read-only'
  | 'closed'
  | 'unknown-run'
  | 'secret-in-params'
  | 'invalid-argument';

export class TraceStoreError extends Error {
  override readonly name = 'TraceStoreError';

  constructor(
    readonly code: TraceStoreErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(oneLine(message), options);
  }
}

/** Collapses any line breaks (SQLite and OS messages sometimes carry them) so the message stays one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
