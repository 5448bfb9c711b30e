// A client for static renders: effects do not run in renderToStaticMarkup, so nothing is asked;
// a request that does arrive fails loudly.
import type { IpcClient } from '../../../../renderer/src/ipc-client';

export const staticClient: IpcClient = {
  request: (channel) => Promise.reject(new Error(`unexpected request ${channel}`)),
  on: () => () => undefined,
  onDisconnect: () => () => undefined,
};

export const noNavigation = { toScreen: () => undefined, toTrace: () => undefined };
