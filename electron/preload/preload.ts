// The preload: exposes window.sipkit, one named function per contract channel and nothing else —
// no generic invoke, no ipcRenderer, no process. It runs sandboxed, so it is bundled to one
// CommonJS file; it imports only channel names (no zod), as it forwards and does not validate.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, type SipkitBridge } from '../../shared/ipc/bridge';
import {
  electronEventName,
  electronRequestName,
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
} from '../../shared/ipc/channel-names';

const request = Object.fromEntries(
  REQUEST_CHANNELS.map((channel) => {
    const name = electronRequestName(channel);
    return [channel, (payload: unknown) => ipcRenderer.invoke(name, payload)];
  }),
) as SipkitBridge['request'];

const on = Object.fromEntries(
  EVENT_CHANNELS.map((channel) => {
    const name = electronEventName(channel);
    const subscribe = (listener: (payload: unknown) => void): (() => void) => {
      // The page gets the payload only, never the IPC event (it would expose the sender).
      const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(name, forward);
      return () => ipcRenderer.removeListener(name, forward);
    };
    return [channel, subscribe];
  }),
) as SipkitBridge['on'];

const bridge: SipkitBridge = { request, on };
contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
