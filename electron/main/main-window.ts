// The app's window: the renderer runs sandboxed, isolated from the preload, without Node, and is
// shown only once it has painted, so the technician never sees a blank white frame.
import { BrowserWindow } from 'electron';

export function createMainWindow(paths: {
  readonly preload: string;
  /** app://sipkit/index.html (app-origin.ts). */
  readonly indexUrl: string;
}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'SIP Field Kit',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(paths.indexUrl);
  return win;
}
