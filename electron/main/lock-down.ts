// Electron hardening that applies to every web contents the app ever creates: no new windows, no
// navigation away from our page, no <webview>, and no permission (camera, notifications…) granted.
import type { App, Session } from 'electron';

export function lockDownWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/** Call once the app is ready (sessions do not exist before). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
