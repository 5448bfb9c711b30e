// Electron main process. Bundled to dist-electron/main.js (scripts/build-electron.mjs), so the
// paths below are relative to that file: the preload beside it, the renderer in dist/renderer,
// served to the window as app://sipkit/ (app-protocol.ts), never as file://.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { app, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { electronEventName } from '../../shared/ipc/channel-names';
import { openAppStore } from '../services/open-app-store';
import { createAppServices } from '../services/app-services';
import { defaultDatabaseFile } from '../store/data-dir';
import { stderrLog } from '../services/stderr-log';
import { APP_INDEX_URL } from './app-origin';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { electronPageRenderer } from './electron-page-renderer';
import { registerIpcHandlers } from './ipc-handlers';
import { denyAllPermissions, lockDownWebContents } from './lock-down';
import { createMainWindow } from './main-window';
import { createSafeStorageVault } from './safe-storage-vault';

const log = stderrLog('sipkit');
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

// Scheme privileges can only be declared before the app is ready.
registerAppScheme(protocol);
lockDownWebContents(app);
// catch, not then's second argument: a failure inside start (e.g. the database cannot open) must
// reach the technician as a dialog too.
app.whenReady().then(start).catch(fail);

function start(): void {
  denyAllPermissions(session.defaultSession);
  serveAppScheme(protocol, RENDERER_DIR);
  const dataFile = defaultDatabaseFile();
  // Read-write: on a new machine this creates the database, so the app starts without one.
  const store = openAppStore(dataFile, log);
  const vault = createSafeStorageVault(safeStorage, path.dirname(dataFile));
  const services = createAppServices({
    store,
    mode: 'electron',
    version: app.getVersion(),
    dataFile,
    vault,
    log,
    pageRenderer: electronPageRenderer,
  });
  registerIpcHandlers({ ipcMain, services, ownPageUrl: APP_INDEX_URL, log });

  const win = createMainWindow({ preload: PRELOAD, indexUrl: APP_INDEX_URL });
  services.subscribe((event) => {
    if (!win.isDestroyed()) win.webContents.send(electronEventName(event.channel), event.payload);
  });
  // One window is the whole app, on macOS too: closing it ends the session and releases the database.
  app.on('window-all-closed', () => app.quit());
  // Un-register, hang up and save every run before the database closes.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void services
      .close()
      .catch((error: unknown) => log('could not end every live run cleanly', error))
      .finally(() => {
        closed = true;
        store.close();
        app.quit();
      });
  });
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log('could not start', error);
  dialog.showErrorBox('SIP Field Kit cannot start', message);
  app.exit(1);
}
