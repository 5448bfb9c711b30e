// Everything a UI shell (Electron window or web server) needs from the back end: the request
// handlers, the event stream, and one close() for both.
import type { RequestHandlers } from '../../shared/ipc/contract';
import type { TraceStore } from '../store/trace-store';
import { createEventHub, type IpcEventListener } from './event-hub';
import type { Log } from './stderr-log';
import { watchStore } from './store-watcher';
import { listRuns, runMessages } from './trace-handlers';

export interface IpcServices {
  readonly handlers: RequestHandlers;
  /** Returns the function that unsubscribes. */
  subscribe(listener: IpcEventListener): () => void;
}

export interface AppServices extends IpcServices {
  /** Stops watching the store; the store itself belongs to the caller. */
  close(): void;
}

export interface AppServicesOptions {
  readonly store: TraceStore;
  readonly mode: 'electron' | 'web';
  readonly version: string;
  readonly dataFile: string;
  /** How often the store is checked for writes by other processes. Default 1000. */
  readonly watchIntervalMs?: number;
  /** Where unexpected errors go (a bug, not a user mistake). */
  readonly log: Log;
}

export function createAppServices(opts: AppServicesOptions): AppServices {
  const { store } = opts;
  const hub = createEventHub((error) => opts.log('an event listener failed', error));
  const watcher = watchStore({
    store,
    intervalMs: opts.watchIntervalMs ?? 1000,
    onChanged: (runId) => hub.publish({ channel: 'store.changed', payload: { runId } }),
    onError: (error) => opts.log('could not check the trace store for changes', error),
  });
  const handlers: RequestHandlers = {
    'app.info': () => ({ version: opts.version, mode: opts.mode, dataFile: opts.dataFile }),
    'runs.list': (request) => listRuns(store, request),
    'runs.messages': (request) => runMessages(store, request),
  };
  return { handlers, subscribe: hub.subscribe, close: watcher.stop };
}
