// The name of every IPC channel, without its schemas, so code that only forwards calls (the Electron
// preload) can list the channels without bundling zod. contract.ts checks it covers exactly these.

export const REQUEST_CHANNELS = ['app.info', 'runs.list', 'runs.messages'] as const;
export const EVENT_CHANNELS = ['store.changed'] as const;

export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** Electron ipcMain/ipcRenderer name of a request channel; the prefix keeps clear of Electron's own names. */
export function electronRequestName(channel: RequestChannel): string {
  return `sipkit:request:${channel}`;
}

/** Electron webContents.send / ipcRenderer.on name of an event channel. */
export function electronEventName(channel: EventChannel): string {
  return `sipkit:event:${channel}`;
}
