// Electron's side of the IPC contract. Every channel is registered through the one wrapper below:
// it refuses senders that are not our own page, then hands the payload to the same dispatcher as
// the web mode, which validates it with the channel's schema. Replies are envelopes, never thrown
// errors, because Electron would reduce a thrown error to an unhelpful generic message.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { electronRequestName, REQUEST_CHANNELS } from '../../shared/ipc/channel-names';
import { errorReply, type IpcReply } from '../../shared/ipc/wire';
import type { IpcServices } from '../services/app-services';
import { dispatchRequest } from '../services/dispatch';
import type { Log } from '../services/stderr-log';
import { isOwnPageUrl } from './own-page';

export interface IpcHandlerOptions {
  readonly ipcMain: IpcMain;
  readonly services: IpcServices;
  /** app://sipkit/index.html, our page (app-origin.ts). */
  readonly ownPageUrl: string;
  readonly log: Log;
}

export function registerIpcHandlers(opts: IpcHandlerOptions): void {
  for (const channel of REQUEST_CHANNELS) {
    opts.ipcMain.handle(electronRequestName(channel), (event, payload) =>
      handle(opts, event, channel, payload),
    );
  }
}

function handle(
  opts: IpcHandlerOptions,
  event: IpcMainInvokeEvent,
  channel: string,
  payload: unknown,
): Promise<IpcReply> {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null || !isOwnPageUrl(frame.url, opts.ownPageUrl)) {
    opts.log(`refused ${channel} from ${frame?.url ?? 'a closed frame'}`);
    return Promise.resolve(
      errorReply('forbidden', `${channel} is only answered to SIP Field Kit's own page`),
    );
  }
  return dispatchRequest(opts.services.handlers, channel, payload, (ch, error) =>
    opts.log(`${ch} failed`, error),
  );
}
