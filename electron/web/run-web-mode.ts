// Runs the web mode until SIGINT or SIGTERM: opens the trace store (creating it on a machine that
// has none yet), starts the server on 127.0.0.1, announces the URL in one line, and on a signal
// closes the server, the store watcher and the store, in that order.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAppStore } from '../services/open-app-store';
import { createAppServices, type AppServices } from '../services/app-services';
import { createMemoryVault } from '../services/secret-vault';
import { stderrLog } from '../services/stderr-log';
import { defaultDatabaseFile } from '../store/data-dir';
import type { TraceStore } from '../store/trace-store';
import { webPortFromEnv } from './web-port';
import { startWebServer, type WebServer } from './web-server';

const log = stderrLog('sipkit web');
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_STATIC_DIR = path.join(REPO_ROOT, 'dist', 'renderer');

export interface WebModeOptions {
  /** The one line printed once the server listens. */
  readonly announce: (url: string) => string;
  readonly staticDir?: string;
}

/** Resolves once a signal has stopped everything; rejects with a one-line error if it cannot start. */
export async function runWebMode(opts: WebModeOptions): Promise<void> {
  const staticDir = opts.staticDir ?? DEFAULT_STATIC_DIR;
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(
      `the UI is not built (${path.join(staticDir, 'index.html')} is missing); run npm start, which builds it`,
    );
  }
  const port = webPortFromEnv();
  const dataFile = defaultDatabaseFile();
  const store = openAppStore(dataFile, log);
  // Web mode: passwords are kept in memory only, never written.
  const services = createAppServices({
    store,
    mode: 'web',
    version: packageVersion(),
    dataFile,
    vault: createMemoryVault(),
    log,
  });
  let server: WebServer;
  try {
    server = await startWebServer({ port, staticDir, services, log });
  } catch (error) {
    await services.close();
    store.close();
    throw listenError(error, port);
  }
  process.stdout.write(`${opts.announce(server.url)}\n`);
  await untilSignal();
  await stop(server, services, store);
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      // A second Ctrl-C while closing means "now".
      process.once('SIGINT', () => process.exit(130));
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

async function stop(server: WebServer, services: AppServices, store: TraceStore): Promise<void> {
  try {
    await server.close();
  } finally {
    try {
      await services.close();
    } finally {
      store.close();
    }
  }
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function listenError(error: unknown, port: number): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new Error(
      `port ${port} on 127.0.0.1 is already in use; set SIPKIT_WEB_PORT to a free port, or unset it`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
