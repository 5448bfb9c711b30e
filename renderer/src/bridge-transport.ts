// The transport inside the Electron app: the named functions the preload exposes as window.sipkit.
import type { SipkitBridge } from '../../shared/ipc/bridge';
import type { Transport } from './transport';

export function createBridgeTransport(bridge: SipkitBridge): Transport {
  return {
    // The bridge has one function per channel; the client has already checked the payload's type.
    request: (channel, payload) =>
      (bridge.request[channel] as (payload: unknown) => Promise<unknown>)(payload),
    subscribe: (channel, listener) => bridge.on[channel](listener),
    // The window and its back end live and die together.
    onDisconnect: () => () => {},
  };
}
