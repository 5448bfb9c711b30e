// The trace store's public surface: import from here, not from the implementation files.
export { defaultDatabaseFile, resolveDataDir } from './data-dir';
export { openTraceStore } from './sqlite-trace-store';
export type { FinishRunResult, OpenTraceStoreOptions, Page, TraceStore } from './trace-store';
export { TraceStoreError, type TraceStoreErrorCode } from './trace-store-error';
