// A request someone sent us, with the one way to answer it. Responses go through the server
// transaction, so retransmitted requests are answered again and nothing is answered twice.
import type { InboundMessage } from '../transport/sip-transport';

export interface ReplyOptions {
  readonly toTag?: string;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
  readonly contentType?: string;
}

export interface IncomingRequest {
  readonly message: InboundMessage;
  readonly method: string;
  /** The To tag our responses carry (RFC 3261 §8.2.6.2), fixed for the request's lifetime. */
  readonly toTag: string;
  /** Send a response; after a final response further calls are ignored. ACKs take no reply. */
  reply(status: number, reason: string, opts?: ReplyOptions): void;
  /** INVITE only: the caller sent CANCEL before our final response (we already answered it 200). */
  onCancel(listener: () => void): void;
  /** INVITE only: no ACK came for our final response within 64*T1. */
  onAckTimeout(listener: (status: number) => void): void;
}

export type RequestHandler = (request: IncomingRequest) => void;

/** What a registering client answers when nothing else claims a request. */
export const defaultRequestHandler: RequestHandler = (request) => {
  switch (request.method) {
    case 'ACK':
      return;
    case 'OPTIONS':
      request.reply(200, 'OK', {
        headers: [
          ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY, UPDATE'],
          ['Accept', 'application/sdp'],
        ],
      });
      return;
    case 'NOTIFY':
      request.reply(200, 'OK');
      return;
    case 'INVITE':
      request.reply(480, 'Temporarily Unavailable', {
        headers: [['Warning', '399 sipkit "not answering calls in this mode"']],
      });
      return;
    case 'BYE':
    case 'UPDATE':
      // RFC 3261 §15.1.2: a BYE for a dialog we do not know.
      request.reply(481, 'Call/Transaction Does Not Exist');
      return;
    default:
      request.reply(501, 'Not Implemented');
  }
};
