// The server half of the user-agent core (RFC 3261 §17.2): it keeps one server transaction per
// request, answers retransmissions from it, handles CANCEL (§9.2) and matches ACKs, and hands
// everything else to the request handler as an IncomingRequest.
import { serializeResponse } from '../sip/build-message';
import { makeTag } from '../sip/ids';
import type { ParsedSip } from '../sip/parse-message';
import type { TimerWheel } from '../timer-wheel';
import { InviteServerTransaction, IstState } from '../transaction/invite-server';
import type { SipTimerValues } from '../transaction/sip-timers';
import type { InboundMessage, SipTransport } from '../transport/sip-transport';
import {
  defaultRequestHandler,
  type IncomingRequest,
  type ReplyOptions,
  type RequestHandler,
} from './incoming-request';

interface InviteEntry {
  readonly ist: InviteServerTransaction;
  readonly cancelListeners: (() => void)[];
}

export class ServerSide {
  private handler: RequestHandler = defaultRequestHandler;
  /** Non-INVITE final responses, kept for timer J (64*T1) to answer retransmissions. */
  private readonly answered = new Map<string, string>();
  /** Requests being handled whose final response is not sent yet. */
  private readonly pending = new Set<string>();
  private readonly invites = new Map<string, InviteEntry>();
  /** INVITEs answered 2xx and waiting for their ACK, by Call-ID and CSeq number. */
  private readonly awaitingAck = new Map<string, InviteServerTransaction>();

  constructor(
    private readonly transport: SipTransport,
    private readonly wheel: TimerWheel,
    private readonly timers: SipTimerValues,
  ) {}

  setHandler(handler: RequestHandler): void {
    this.handler = handler;
  }

  receive(m: InboundMessage): void {
    const method = m.sip.method ?? '';
    const branch = m.sip.vias[0]?.params.branch ?? '';
    const source = `${m.remote.address}:${m.remote.port}`;
    if (method === 'CANCEL') return this.cancel(m, branch, source);
    if (method === 'ACK') return this.ack(m, branch, source);
    if (method === 'INVITE') return this.invite(m, branch, source);

    const key = `${branch}|${method}|${source}`;
    const cached = this.answered.get(key);
    if (cached) return this.send(cached, m);
    if (this.pending.has(key)) return; // still being handled: the answer will come
    this.pending.add(key);
    const request = this.incoming(m, (status, bytes) => {
      if (status < 200) return this.send(bytes, m);
      this.pending.delete(key);
      this.answered.set(key, bytes);
      this.wheel.schedule(64 * this.timers.T1, () => this.answered.delete(key));
      this.send(bytes, m);
    });
    this.dispatch(request);
  }

  close(): void {
    for (const entry of this.invites.values()) entry.ist.abort();
    this.invites.clear();
    this.awaitingAck.clear();
  }

  private invite(m: InboundMessage, branch: string, source: string): void {
    const key = `${branch}|${source}`;
    const existing = this.invites.get(key);
    if (existing) return existing.ist.onRetransmission();
    const ackKey = `${m.sip.callId}|${m.sip.cseq.seq}`;
    const ackTimeoutListeners: ((status: number) => void)[] = [];
    const ist = new InviteServerTransaction({
      wheel: this.wheel,
      timers: this.timers,
      reliable: m.transport === 'tcp',
      send: (bytes) => this.transport.send(bytes, m.remote, m.transport),
      onTerminated: () => {
        this.invites.delete(key);
        if (this.awaitingAck.get(ackKey) === ist) this.awaitingAck.delete(ackKey);
      },
      onAckTimeout: (status) => ackTimeoutListeners.forEach((l) => l(status)),
    });
    const entry: InviteEntry = { ist, cancelListeners: [] };
    this.invites.set(key, entry);
    const request = this.incoming(
      m,
      (status, bytes) => {
        ist.respond(status, bytes);
        if (status >= 200 && status < 300) this.awaitingAck.set(ackKey, ist);
      },
      entry,
      ackTimeoutListeners,
    );
    // RFC 3261 §17.2.1: a 100 Trying at once stops the caller's INVITE retransmissions.
    request.reply(100, 'Trying');
    this.dispatch(request);
  }

  // RFC 3261 §9.2: a CANCEL matching a pending INVITE is answered 200 and the INVITE gets 487
  // (from the TU, told through onCancel); one matching nothing gets 481.
  private cancel(m: InboundMessage, branch: string, source: string): void {
    const entry = this.invites.get(`${branch}|${source}`);
    const bytes = (status: number, reason: string): string =>
      serializeResponse(withReceived(m), status, reason, { toTag: m.sip.toTag ? undefined : makeTag() });
    if (!entry) return this.send(bytes(481, 'Call/Transaction Does Not Exist'), m);
    this.send(bytes(200, 'OK'), m);
    if (entry.ist.state === IstState.Proceeding) entry.cancelListeners.forEach((l) => l());
  }

  private ack(m: InboundMessage, branch: string, source: string): void {
    // An ACK for a non-2xx final shares the INVITE's branch (§17.1.1.3) and ends its transaction.
    const entry = this.invites.get(`${branch}|${source}`);
    if (entry && entry.ist.state !== IstState.Accepted) return entry.ist.ackReceived();
    // An ACK for a 2xx is its own transaction (§13.2.2.4): match it by Call-ID and CSeq.
    const ackKey = `${m.sip.callId}|${m.sip.cseq.seq}`;
    const ist = this.awaitingAck.get(ackKey);
    if (ist) {
      this.awaitingAck.delete(ackKey);
      ist.ackReceived();
    }
    this.dispatch(this.incoming(m, () => undefined));
  }

  private incoming(
    m: InboundMessage,
    deliver: (status: number, bytes: string) => void,
    invite?: InviteEntry,
    ackTimeoutListeners?: ((status: number) => void)[],
  ): IncomingRequest {
    const toTag = m.sip.toTag ?? makeTag();
    let final = false;
    const request: IncomingRequest = {
      message: m,
      method: m.sip.method ?? '',
      toTag,
      reply: (status: number, reason: string, opts: ReplyOptions = {}) => {
        if (final || m.sip.method === 'ACK') return;
        if (status >= 200) final = true;
        // RFC 3261 §8.2.6.2: every response but 100 carries our To tag when the request had none.
        const tag = status === 100 ? undefined : (opts.toTag ?? (m.sip.toTag ? undefined : toTag));
        const headers = opts.body
          ? [...(opts.headers ?? []), ['Content-Type', opts.contentType ?? 'application/sdp'] as const]
          : opts.headers;
        deliver(
          status,
          serializeResponse(withReceived(m), status, reason, { toTag: tag, headers, body: opts.body }),
        );
      },
      onCancel: (listener) => invite?.cancelListeners.push(listener),
      onAckTimeout: (listener) => ackTimeoutListeners?.push(listener),
    };
    return request;
  }

  private dispatch(request: IncomingRequest): void {
    try {
      this.handler(request);
    } catch {
      request.reply(500, 'Server Internal Error');
    }
  }

  private send(bytes: string, m: InboundMessage): void {
    // RFC 3581 §4 / RFC 3261 §18.2.2: answer to the source address and port.
    this.transport.send(bytes, m.remote, m.transport).catch(() => undefined);
  }
}

/** RFC 3581 §4: add received= and fill rport= on the top Via of a request we answer. */
function withReceived(m: InboundMessage): ParsedSip {
  const vias = m.sip.header('via');
  if (vias.length === 0) return m.sip;
  const top = vias[0]!.split(',')[0]!;
  let patched = top.replace(/;\s*rport(?=;|$)/i, `;rport=${m.remote.port}`);
  if (!/;\s*received=/i.test(patched)) patched += `;received=${m.remote.address}`;
  const rest = vias[0]!.slice(top.length);
  const header = (name: string): string[] =>
    name.toLowerCase() === 'via' ? [patched + rest, ...vias.slice(1)] : m.sip.header(name);
  return { ...m.sip, header };
}
