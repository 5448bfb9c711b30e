// The request handlers over the trace store: what the UI's channels delegate to, whether they come
// from Electron IPC or the web mode's WebSocket.
import type { ParsedRequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { TraceStore } from '../store/trace-store';
import { TraceStoreError } from '../store/trace-store-error';
import { toMessageView, toRunView } from './trace-views';

export function listRuns(store: TraceStore, request: ParsedRequestOf<'runs.list'>): ResponseOf<'runs.list'> {
  return { runs: store.listRuns(request).map(toRunView) };
}

export function runMessages(
  store: TraceStore,
  request: ParsedRequestOf<'runs.messages'>,
): ResponseOf<'runs.messages'> {
  const run = store.getRun(request.runId);
  if (run === undefined) {
    throw new TraceStoreError('unknown-run', `there is no run ${request.runId} in the trace database`);
  }
  const { offset, limit } = request;
  return {
    total: run.messageCount,
    messages: store.messagesByRun(run.id, { offset, limit }).map(toMessageView),
  };
}
