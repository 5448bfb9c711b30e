// The transport in a browser (web mode): one WebSocket to /ipc on the page's own server, with the
// access token taken from the page's URL. Requests carry an id; replies are matched to it.
import { errorReply, serverFrameSchema } from '../../shared/ipc/wire';
import type { Transport } from './transport';

const LOST =
  'Lost the connection to SIP Field Kit. If it was stopped, start it again and open the new address it prints.';

export function createSocketTransport(location: Location): Transport {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const socket = new WebSocket(`ws://${location.host}/ipc?token=${encodeURIComponent(token)}`);
  const opened = new Promise<void>((resolve) =>
    socket.addEventListener('open', () => resolve(), { once: true }),
  );
  const pending = new Map<number, (reply: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnectListeners = new Set<(message: string) => void>();
  let nextId = 1;
  let closed = false;

  socket.addEventListener('message', (event) => {
    const frame = parseFrame(event.data);
    if (frame === undefined) return console.warn('sipkit: ignored a malformed frame from the server');
    if (frame.type === 'event') {
      for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload);
    } else if (frame.id !== null) {
      pending.get(frame.id)?.(frame.reply);
      pending.delete(frame.id);
    } else {
      console.warn('sipkit: the server could not read a request:', frame.reply);
    }
  });

  // Reconnecting would not help: a restarted server has a new port and token.
  socket.addEventListener('close', () => {
    closed = true;
    for (const settle of pending.values()) settle(errorReply('disconnected', LOST));
    pending.clear();
    for (const listener of disconnectListeners) listener(LOST);
  });

  return {
    request(channel, payload) {
      if (closed) return Promise.resolve(errorReply('disconnected', LOST));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        void opened.then(() => socket.send(JSON.stringify({ id, channel, payload })));
      });
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      if (closed) listener(LOST);
      return () => disconnectListeners.delete(listener);
    },
  };
}

function parseFrame(data: unknown) {
  if (typeof data !== 'string') return undefined;
  try {
    const parsed = serverFrameSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
