// The envelopes around contract payloads: a reply is { ok, result } or { ok, error }, the same over
// Electron IPC and over the web mode's WebSocket, where frames also carry a request id for
// correlation and a type to tell replies from events.
import { z } from 'zod';

export const IPC_ERROR_CODES = [
  /** Not JSON, not a request frame, or too big. */
  'invalid-request',
  'unknown-channel',
  /** The payload does not match the channel's schema. */
  'invalid-payload',
  /** The trace store refused (its message says what to do). */
  'store-error',
  /** The request did not come from SIP Field Kit's own page. */
  'forbidden',
  /** The back end refused what was asked, for a reason the user can act on (its message says which). */
  'refused',
  /** A load run above the profile's limits (or a register-rate run) needs the user's explicit confirmation. */
  'needs-confirmation',
  /** A bug on the back end; details are in its log. */
  'internal',
  /** The connection to the back end is gone. */
  'disconnected',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

const ipcErrorSchema = z.object({ code: z.enum(IPC_ERROR_CODES), message: z.string() });

export const ipcReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ipcErrorSchema }),
]);

export type IpcReply = z.output<typeof ipcReplySchema>;

/** Browser → server. */
export const clientFrameSchema = z.strictObject({
  id: z.int().min(0),
  channel: z.string().max(100),
  payload: z.unknown(),
});

export type ClientFrame = z.output<typeof clientFrameSchema>;

/** Server → browser. A reply's id is null when the request was too broken to carry one. */
export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.int().min(0).nullable(), reply: ipcReplySchema }),
  z.object({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
]);

export type ServerFrame = z.output<typeof serverFrameSchema>;

export function errorReply(code: IpcErrorCode, message: string): IpcReply {
  return { ok: false, error: { code, message } };
}
