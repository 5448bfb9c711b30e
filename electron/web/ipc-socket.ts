// The web mode's side of the IPC contract: a WebSocket at /ipc. The upgrade is refused (403)
// without the access token or from a foreign Origin; after that every frame is validated and
// answered with a reply carrying the request's id, and store events are pushed to every socket.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { clientFrameSchema, errorReply, type IpcReply, type ServerFrame } from '../../shared/ipc/wire';
import type { IpcServices } from '../services/app-services';
import type { Log } from '../services/stderr-log';
import { describeIssues, dispatchRequest } from '../services/dispatch';
import { MAX_IMPORT_BYTES } from '../../shared/ipc/schemas/traces';
import { tokenMatches } from './access-token';
import { isOwnOrigin } from './own-origin';

export const IPC_PATH = '/ipc';
// Large enough for an imported capture (base64) with its envelope; everything else is small.
export const MAX_FRAME_BYTES = Math.ceil((MAX_IMPORT_BYTES / 3) * 4) + 64 * 1024;

export interface IpcSocketOptions {
  readonly token: string;
  readonly port: () => number;
  readonly services: IpcServices;
  readonly log: Log;
  /** Largest frame accepted; a bigger one closes that connection (1009). Default MAX_FRAME_BYTES. */
  readonly maxFrameBytes?: number;
}

export function attachIpcSocket(server: Server, opts: IpcSocketOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes ?? MAX_FRAME_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== IPC_PATH) return refuse(socket, 404, 'Not Found');
    const allowed =
      isOwnOrigin(req.headers.origin, req.headers.host, opts.port()) &&
      tokenMatches(opts.token, url.searchParams.get('token'));
    if (!allowed) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, opts));
  });

  return {
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function serveSocket(ws: WebSocket, opts: IpcSocketOptions): void {
  const send = (frame: ServerFrame): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = opts.services.subscribe((event) => send({ type: 'event', ...event }));
  ws.on('close', unsubscribe);
  // ws reports protocol violations (e.g. an oversized frame) here and closes the socket; without a
  // listener the error would be thrown and stop the server.
  ws.on('error', (error) => opts.log('closed a WebSocket that broke the protocol', error));
  ws.on('message', (data, isBinary) => {
    answer(data, isBinary, opts).then(
      ({ id, reply }) => send({ type: 'reply', id, reply }),
      // answer() turns every known failure into a reply; this is the net under it, so a bug can
      // never become an unhandled rejection that stops the server.
      (error: unknown) => {
        opts.log('could not answer a WebSocket frame', error);
        send({ type: 'reply', id: null, reply: errorReply('internal', 'the request failed; see the log') });
      },
    );
  });
}

async function answer(
  data: RawData,
  isBinary: boolean,
  opts: IpcSocketOptions,
): Promise<{ id: number | null; reply: IpcReply }> {
  if (isBinary) return { id: null, reply: errorReply('invalid-request', 'frames must be JSON text') };
  let json: unknown;
  try {
    json = JSON.parse(rawText(data));
  } catch {
    return { id: null, reply: errorReply('invalid-request', 'the frame is not valid JSON') };
  }
  const frame = clientFrameSchema.safeParse(json);
  if (!frame.success) {
    return {
      id: idOf(json),
      reply: errorReply('invalid-request', `not a request frame: ${describeIssues(frame.error)}`),
    };
  }
  const { id, channel, payload } = frame.data;
  const reply = await dispatchRequest(opts.services.handlers, channel, payload, (ch, error) =>
    opts.log(`${ch} failed`, error),
  );
  return { id, reply };
}

/** The id of a malformed frame when it has a usable one, so the client can still fail that request. */
function idOf(json: unknown): number | null {
  const id = typeof json === 'object' && json !== null ? (json as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
