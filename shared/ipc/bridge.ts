// The shape of the API the Electron preload exposes as window.sipkit: one named function per
// channel, built from channel-names.ts, never a generic "invoke anything". It only carries replies;
// the UI's client validates them against the contract like any other transport.
import type { EventChannel, RequestChannel } from './channel-names';
import type { RequestOf } from './contract';

export type SipkitBridge = {
  /** Resolves with the raw reply envelope (see wire.ts), unvalidated. */
  readonly request: { readonly [C in RequestChannel]: (payload: RequestOf<C>) => Promise<unknown> };
  /** Returns the function that unsubscribes. */
  readonly on: { readonly [E in EventChannel]: (listener: (payload: unknown) => void) => () => void };
};

export const BRIDGE_GLOBAL = 'sipkit';
