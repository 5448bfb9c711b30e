// The UI's one way to talk to the back end. Inside Electron it uses the preload's window.sipkit;
// in a browser (web mode) the WebSocket at /ipc. Either way every reply and event is validated
// against the contract before the UI sees it, and a failed request rejects with an IpcError whose
// message can be shown as it is.
import { BRIDGE_GLOBAL, type SipkitBridge } from '../../shared/ipc/bridge';
import type { EventChannel, RequestChannel } from '../../shared/ipc/channel-names';
import {
  eventContract,
  requestContract,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from '../../shared/ipc/contract';
import { IpcError } from '../../shared/ipc/ipc-error';
import { ipcReplySchema } from '../../shared/ipc/wire';
import { sessionStorageOf, takeAccessToken } from './access-token';
import { createBridgeTransport } from './bridge-transport';
import { createSocketTransport } from './socket-transport';
import type { Transport } from './transport';

export interface IpcClient {
  request<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Returns the function that unsubscribes. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
  /** Told when the back end can no longer be reached (web mode only). */
  onDisconnect(listener: (message: string) => void): () => void;
}

export function createIpcClient(win: Window = window): IpcClient {
  const bridge = (win as unknown as Record<string, SipkitBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return clientOver(createBridgeTransport(bridge));
  const token = takeAccessToken({
    location: win.location,
    history: win.history,
    storage: sessionStorageOf(win),
  });
  return clientOver(createSocketTransport(win.location, token));
}

export function clientOver(transport: Transport): IpcClient {
  return {
    async request(channel, payload) {
      const reply = ipcReplySchema.safeParse(await transport.request(channel, payload));
      if (!reply.success)
        throw new IpcError('internal', `${channel}: the back end sent a reply the UI cannot read`);
      if (!reply.data.ok) throw new IpcError(reply.data.error.code, reply.data.error.message);
      const result = requestContract[channel].response.safeParse(reply.data.result);
      if (!result.success)
        throw new IpcError('internal', `${channel}: the back end sent data the UI cannot read`);
      // safeParse with this channel's own schema: the data is this channel's response type.
      return result.data as ResponseOf<typeof channel>;
    },
    on(channel, listener) {
      return transport.subscribe(channel, (payload) => {
        const event = eventContract[channel].safeParse(payload);
        if (event.success) listener(event.data as EventOf<typeof channel>);
        else console.warn(`sipkit: ignored a malformed ${channel} event`);
      });
    },
    onDisconnect: (listener) => transport.onDisconnect(listener),
  };
}
