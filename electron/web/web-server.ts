// The web mode: the same UI as the Electron app, served to a browser on this machine. node:http
// serves the built renderer; a WebSocket at /ipc carries the IPC contract. It listens on 127.0.0.1
// only and requires the random access token that is in the printed URL.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IpcServices } from '../services/app-services';
import { stderrLog, type Log } from '../services/stderr-log';
import { newAccessToken } from './access-token';
import { attachIpcSocket } from './ipc-socket';
import { isOwnHost } from './own-origin';
import { secretFreeLog } from './secret-free-log';
import { setSecurityHeaders } from './security-headers';
import { sendText, serveStatic } from './static-files';

export const WEB_HOST = '127.0.0.1';

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0] ?? '/';
}

export interface WebServerOptions {
  /** Loopback only: the UI shows captured traffic and must not be reachable from the network. */
  readonly host?: typeof WEB_HOST;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** Defaults to a fresh random token; pass one only to reuse it across restarts. */
  readonly token?: string;
  readonly services: IpcServices;
  /** Largest WebSocket frame accepted (see ipc-socket.ts); tests lower it. */
  readonly maxFrameBytes?: number;
  /** Where unexpected errors go. Default: stderr. */
  readonly log?: Log;
}

export interface WebServer {
  /** The address to open, token included. */
  readonly url: string;
  /** The address the listening socket is bound to, as the OS reports it. */
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? WEB_HOST;
  if (host !== WEB_HOST) throw new Error(`the web UI only listens on ${WEB_HOST}, not ${String(host)}`);
  const token = opts.token ?? newAccessToken();
  if (token.length < 16) throw new Error('the access token must be at least 16 characters');
  const log = secretFreeLog(opts.log ?? stderrLog('sipkit web'), token);
  let port = 0;

  const server = http.createServer((req, res) => {
    const host = req.headers.host;
    if (!isOwnHost(host, port)) {
      setSecurityHeaders(res, undefined);
      return sendText(res, 403, 'Forbidden: unknown host name.');
    }
    setSecurityHeaders(res, host);
    serveStatic({ root: opts.staticDir }, req, res).catch((error: unknown) => {
      // The path only: the query may hold the access token, which no log line may carry.
      log(`could not serve ${pathOf(req.url)}`, error);
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  const ipc = attachIpcSocket(server, {
    token,
    port: () => port,
    services: opts.services,
    log,
    maxFrameBytes: opts.maxFrameBytes,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: opts.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  port = bound.port;
  server.on('error', (error) => log('the web server failed', error));

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/?token=${encodeURIComponent(token)}`,
    address: bound.address,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        ipc.close();
        server.close(() => resolve());
        // Browsers keep idle connections open; without this close() would wait for them.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
