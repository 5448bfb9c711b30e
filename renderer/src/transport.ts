// What carries the IPC contract to the back end: the Electron preload bridge or the web mode's
// WebSocket. Transports move unvalidated data; ipc-client.ts validates it.
import type { EventChannel, RequestChannel } from '../../shared/ipc/channel-names';

export interface Transport {
  /** Resolves with the reply envelope as received. */
  request(channel: RequestChannel, payload: unknown): Promise<unknown>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
  /** Told once, with a one-line explanation, when the back end can no longer be reached. */
  onDisconnect(listener: (message: string) => void): () => void;
}
