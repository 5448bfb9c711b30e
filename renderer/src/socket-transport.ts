// The transport in a browser (web mode): one WebSocket to /ipc on the page's own server, with the
// access token the page took from its address (access-token.ts). Requests carry an id; replies
// are matched to it. When the socket drops while the server is still there (a laptop waking up, a
// proxy timing out an idle connection), it connects again with the same token, without a reload;
// requests in flight at that moment fail with a one-line error, later ones go through the new
// socket. Only when the server stays unreachable is the UI told the connection is lost.
import { errorReply, serverFrameSchema } from '../../shared/ipc/wire';
import type { Transport } from './transport';

const LOST =
  'Lost the connection to SIP Field Kit. If it was stopped, start it again and open the new address it prints.';
const DROPPED = 'The connection to SIP Field Kit dropped while this was under way; try again.';
const NO_TOKEN =
  'Open the full address SIP Field Kit printed when it started: it includes the access token this page needs.';
/** Waits before each new attempt; when they are used up, the connection counts as lost. */
export const RECONNECT_DELAYS_MS: readonly number[] = [250, 1000, 2000, 4000];

export function createSocketTransport(place: { host: string }, token: string): Transport {
  const url = `ws://${place.host}/ipc?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, (reply: unknown) => void>();
  /** Requests waiting for a socket to open. */
  let queue: (() => void)[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnectListeners = new Set<(message: string) => void>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let lost: string | undefined = token === '' ? NO_TOKEN : undefined;
  let attempt = 0;

  const settleAll = (message: string): void => {
    for (const settle of pending.values()) settle(errorReply('disconnected', message));
    pending.clear();
  };

  const giveUp = (message: string): void => {
    lost = message;
    queue = [];
    settleAll(message);
    for (const listener of disconnectListeners) listener(message);
  };

  const connect = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    let wasOpen = false;
    ws.addEventListener('open', () => {
      wasOpen = true;
      attempt = 0;
      const waiting = queue;
      queue = [];
      for (const send of waiting) send();
    });
    ws.addEventListener('message', (event) => {
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
    ws.addEventListener('close', () => {
      socket = undefined;
      // Replies to requests sent on this socket will never come; unsent ones wait for the next.
      if (wasOpen) settleAll(DROPPED);
      const delay = RECONNECT_DELAYS_MS[attempt++];
      if (delay === undefined) giveUp(LOST);
      else setTimeout(connect, delay);
    });
  };

  if (lost === undefined) connect();

  return {
    request(channel, payload) {
      if (lost !== undefined) return Promise.resolve(errorReply('disconnected', lost));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        const send = (): void => socket?.send(JSON.stringify({ id, channel, payload }));
        if (socket?.readyState === WebSocket.OPEN) send();
        else queue.push(send);
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
      if (lost !== undefined) listener(lost);
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
