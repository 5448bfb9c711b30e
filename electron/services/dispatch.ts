// The one path every UI request takes, from either transport: check the channel, validate the
// payload with its schema, call the handler, validate the response, and turn any failure into an
// error reply. Nothing a UI sends can throw out of here.
import { isRequestChannel, requestContract, type RequestHandlers } from '../../shared/ipc/contract';
import type { RequestChannel } from '../../shared/ipc/channel-names';
import { errorReply, type IpcReply } from '../../shared/ipc/wire';
import { TraceStoreError } from '../store/trace-store-error';
import { ServiceError } from './service-error';
import type { z } from 'zod';

export type InternalErrorReporter = (channel: string, error: unknown) => void;

export async function dispatchRequest(
  handlers: RequestHandlers,
  channel: string,
  payload: unknown,
  reportInternal: InternalErrorReporter,
): Promise<IpcReply> {
  if (!isRequestChannel(channel)) {
    return errorReply(
      'unknown-channel',
      `there is no channel named ${JSON.stringify(channel.slice(0, 100))}`,
    );
  }
  const parsed = requestContract[channel].request.safeParse(payload);
  if (!parsed.success) return errorReply('invalid-payload', `${channel}: ${describeIssues(parsed.error)}`);
  try {
    const result = await callHandler(handlers, channel, parsed.data);
    return { ok: true, result: requestContract[channel].response.parse(result) };
  } catch (error) {
    if (error instanceof TraceStoreError) return errorReply('store-error', error.message);
    if (error instanceof ServiceError) return errorReply(error.code, error.message);
    reportInternal(channel, error);
    return errorReply(
      'internal',
      `${channel} failed because of a bug in SIP Field Kit; its log has the details`,
    );
  }
}

/** One line: "limit: Too big: expected number to be <=500; runId: Invalid input…". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
}

function callHandler(handlers: RequestHandlers, channel: RequestChannel, request: unknown): unknown {
  // The payload was just parsed with this channel's own schema, so it is this handler's input type;
  // TypeScript cannot correlate the two through the union of channels.
  const handler = handlers[channel] as (request: unknown) => unknown;
  return handler(request);
}
