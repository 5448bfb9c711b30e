// A test client for the web mode's /ipc WebSocket: opens it (or reports the HTTP status that
// refused it), sends frames, and waits for the reply with a given id or for an event.
import WebSocket from 'ws';

export interface ServerFrame {
  readonly type: 'reply' | 'event';
  readonly id?: number | null;
  readonly reply?: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
  readonly channel?: string;
  readonly payload?: unknown;
}

export interface IpcSocketClient {
  readonly socket: WebSocket;
  /** Sends a request frame and resolves with the reply of the same id. */
  call(channel: string, payload: unknown): Promise<NonNullable<ServerFrame['reply']>>;
  /** Sends any text and resolves with the next reply frame, whatever its id. */
  sendRaw(text: string): Promise<ServerFrame>;
  /** Resolves with the first event frame (already received or future) that matches. */
  nextEvent(match: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  close(): Promise<void>;
}

export type ConnectResult =
  { readonly ok: true; readonly client: IpcSocketClient } | { readonly ok: false; readonly status: number };

export function connectIpc(url: string, origin: string | undefined): Promise<ConnectResult> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.once('open', () => resolve({ ok: true, client: clientOn(socket) }));
    socket.once('error', reject);
  });
}

function clientOn(socket: WebSocket): IpcSocketClient {
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as ServerFrame);
    for (const wake of [...waiters]) wake();
  });
  socket.on('close', () => {
    for (const wake of [...waiters]) wake();
  });
  let nextId = 1;

  const waitFor = (
    take: () => ServerFrame | undefined,
    what: string,
    timeoutMs = 5000,
  ): Promise<ServerFrame> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const frame = take();
        if (frame !== undefined) return done(() => resolve(frame));
        if (socket.readyState !== WebSocket.OPEN)
          done(() => reject(new Error(`socket closed while waiting for ${what}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${what} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  const takeFirst = (match: (frame: ServerFrame) => boolean) => (): ServerFrame | undefined => {
    const index = frames.findIndex(match);
    return index < 0 ? undefined : frames.splice(index, 1)[0];
  };

  return {
    socket,
    async call(channel, payload) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, channel, payload }));
      const frame = await waitFor(
        takeFirst((f) => f.type === 'reply' && f.id === id),
        `the reply to ${channel}`,
      );
      return frame.reply!;
    },
    sendRaw(text) {
      socket.send(text);
      return waitFor(
        takeFirst((f) => f.type === 'reply'),
        'a reply',
      );
    },
    nextEvent(match, timeoutMs) {
      return waitFor(
        takeFirst((f) => f.type === 'event' && match(f)),
        'matching event',
        timeoutMs,
      );
    },
    close() {
      return new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}
