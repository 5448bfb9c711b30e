// The name of every IPC channel, without its schemas, so code that only forwards calls (the Electron
// preload) can list the channels without bundling zod. contract.ts checks it covers exactly these.

export const REQUEST_CHANNELS = [
  'app.info',
  'runs.list',
  'runs.messages',
  'profiles.list',
  'targets.list',
  'targets.save',
  'targets.delete',
  'live.state',
  'register.start',
  'register.stop',
  'call.start',
  'call.hangup',
  'answer.start',
  'answer.stop',
  'traces.calls',
  'traces.ladder',
  'traces.message',
  'traces.findings',
  'traces.import',
  'load.start',
  'load.abort',
  'load.status',
  'export.run',
  'hep.send',
  'capture.interfaces',
  'capture.start',
  'capture.stop',
  'capture.status',
  'hep.listen',
  'hep.stop',
  'emulator.start',
  'emulator.stop',
  'emulator.call-pbx',
  'emulator.status',
  'acceptance.start',
  'acceptance.status',
  'acceptance.abort',
] as const;
export const EVENT_CHANNELS = ['store.changed', 'live.changed', 'load.progress', 'export.progress'] as const;

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
