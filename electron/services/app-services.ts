// Everything a UI shell (Electron window or web server) needs from the back end: the request
// handlers, the event stream, and one close() for all of it. Each screen's channels come from its
// own service; this file only assembles them.
import path from 'node:path';
import type { RequestHandlers } from '../../shared/ipc/contract';
import type { TraceStore } from '../store/trace-store';
import { createAcceptanceService } from './acceptance/acceptance-service';
import { createCaptureService } from './capture/capture-service';
import { createEmulatorService } from './emulator/emulator-service';
import { createEventHub, type IpcEventListener } from './event-hub';
import type { PageRenderer } from '../export/export-run';
import { createExportHandlers } from './export/export-service';
import { createLiveService } from './live/live-service';
import { createLoadService } from './load/load-service';
import type { SecretVault } from './secret-vault';
import type { ServiceContext } from './service-context';
import type { Log } from './stderr-log';
import { watchStore } from './store-watcher';
import { createTargetService } from './targets/target-service';
import { listRuns, runMessages } from './trace-handlers';
import { createTraceHandlers } from './traces/trace-service';

export interface IpcServices {
  readonly handlers: RequestHandlers;
  /** Returns the function that unsubscribes. */
  subscribe(listener: IpcEventListener): () => void;
}

export interface AppServices extends IpcServices {
  /** Ends live registrations, calls and load runs (saving their runs) and stops watching the store; the store itself belongs to the caller. */
  close(): Promise<void>;
}

export interface AppServicesOptions {
  readonly store: TraceStore;
  readonly mode: 'electron' | 'web';
  readonly version: string;
  readonly dataFile: string;
  /** Where target passwords are kept: safeStorage in Electron, memory in the web mode. */
  readonly vault: SecretVault;
  /** Directory for targets.json; the trace database's directory by default. */
  readonly dataDir?: string;
  /** How often the store is checked for writes by other processes. Default 1000. */
  readonly watchIntervalMs?: number;
  /** Where unexpected errors go (a bug, not a user mistake). */
  readonly log: Log;
  /** How PDF and PNG exports are drawn; Chromium headless when absent (web mode, tests). */
  readonly pageRenderer?: PageRenderer;
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
  const ctx: ServiceContext = {
    store,
    dataDir: opts.dataDir ?? path.dirname(opts.dataFile),
    vault: opts.vault,
    hub,
    log: opts.log,
  };
  const targets = createTargetService(ctx);
  const live = createLiveService(ctx, targets);
  const load = createLoadService(ctx, targets);
  const capture = createCaptureService(ctx);
  const emulator = createEmulatorService(ctx, targets);
  const acceptance = createAcceptanceService(ctx, targets);
  const handlers: RequestHandlers = {
    'app.info': () => ({ version: opts.version, mode: opts.mode, dataFile: opts.dataFile }),
    'runs.list': (request) => listRuns(store, request),
    'runs.messages': (request) => runMessages(store, request),
    ...targets.handlers,
    ...live.handlers,
    ...createTraceHandlers(ctx),
    ...load.handlers,
    ...createExportHandlers(ctx, targets, opts.pageRenderer),
    ...capture.handlers,
    ...emulator.handlers,
    ...acceptance.handlers,
  };
  return {
    handlers,
    subscribe: hub.subscribe,
    async close() {
      try {
        await Promise.allSettled([
          live.close(),
          load.close(),
          capture.close(),
          emulator.close(),
          acceptance.close(),
        ]);
      } finally {
        watcher.stop();
      }
    },
  };
}
