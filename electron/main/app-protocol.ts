// Electron's side of app://sipkit/: the scheme is declared privileged before the app is ready and
// handled once it is. The decisions are in app-protocol-response.ts.
import type { Protocol } from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './app-origin';
import { appProtocolResponse } from './app-protocol-response';

/** Must run before app 'ready'. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/** Serves the built renderer folder on app://sipkit/. Call once the app is ready. */
export function serveAppScheme(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await appProtocolResponse(request.method, request.url, rendererDir);
    return new Response(answer.body.byteLength > 0 ? answer.body : null, {
      status: answer.status,
      headers: answer.headers,
    });
  });
}
