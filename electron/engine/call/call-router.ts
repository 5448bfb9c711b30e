// Sends in-dialog requests (BYE, re-INVITE, UPDATE, INFO) to the call they belong to, by Call-ID,
// and everything else to a fallback (new INVITEs to the answerer, OPTIONS to the default).
import { defaultRequestHandler, type IncomingRequest, type RequestHandler } from '../core/incoming-request';

export class CallRouter {
  private readonly calls = new Map<string, RequestHandler>();

  constructor(private fallback: RequestHandler = defaultRequestHandler) {}

  readonly handle: RequestHandler = (request: IncomingRequest) => {
    const callHandler = this.calls.get(request.message.sip.callId);
    if (
      callHandler &&
      (request.message.sip.toTag || request.method === 'ACK' || request.method === 'CANCEL')
    ) {
      return callHandler(request);
    }
    if (callHandler && request.method === 'BYE') return callHandler(request);
    this.fallback(request);
  };

  setFallback(handler: RequestHandler): void {
    this.fallback = handler;
  }

  add(callId: string, handler: RequestHandler): void {
    this.calls.set(callId, handler);
  }

  remove(callId: string): void {
    this.calls.delete(callId);
  }
}
