// The server half of the user-agent core (RFC 3261 §17.2): it keeps one server transaction per
// request, answers retransmissions from it, handles CANCEL (§9.2) and matches ACKs, and hands
// everything else to the request handler as an IncomingRequest. Its tables are bounded and a flood
// is turned away before any state exists for it (see ServerLimits).
import type { Clock } from '../clock';
import { serializeResponse } from '../sip/build-message';
import { makeTag } from '../sip/ids';
import type { ParsedSip } from '../sip/parse-message';
import type { TimerWheel } from '../timer-wheel';
import { InviteServerTransaction, IstState } from '../transaction/invite-server';
import type { SipTimerValues } from '../transaction/sip-timers';
import type { InboundMessage, KnownSummary, SipTransport } from '../transport/sip-transport';
import { BoundedTtlMap } from './bounded-ttl-map';
import { FloodGuard, STATE_CREATING_METHODS, type FloodGuardOptions } from './flood-guard';
import { requestProblem } from './request-problem';
import {
  defaultRequestHandler,
  type IncomingRequest,
  type ReplyOptions,
  type RequestHandler,
} from './incoming-request';
import { isScannerAgent } from '../../../shared/sip/scanner-agents';

export interface ServerLimits extends Omit<FloodGuardOptions, 'clock'> {
  /** INVITE server transactions at once; beyond it a new INVITE gets 503 (default 256). */
  readonly maxInviteTransactions?: number;
  /** Answered non-INVITE requests remembered for retransmissions (default 4,096). */
  readonly maxAnswered?: number;
}

/** What the server side turned away, for the run's report. */
export interface ServerProtectionStats {
  /** 503 + Retry-After: a source above its rate of state-creating requests. */
  readonly rateLimited: number;
  /** 503 + Retry-After: the INVITE transaction table was full. */
  readonly tableFull: number;
  /** 400/416: a request missing or garbling what RFC 3261 §8.1.1 requires. */
  readonly badRequests: number;
  /** No answer at all: a request from a known scanning tool (its User-Agent). */
  readonly scannerIgnored: number;
}

const DEFAULT_MAX_INVITES = 256;
const DEFAULT_MAX_ANSWERED = 4096;

interface InviteEntry {
  readonly ist: InviteServerTransaction;
  readonly cancelListeners: (() => void)[];
}

export class ServerSide {
  private handler: RequestHandler = defaultRequestHandler;
  /** Non-INVITE final responses, kept for timer J (64*T1) to answer retransmissions. */
  private readonly answered: BoundedTtlMap<string>;
  private readonly guard: FloodGuard;
  private readonly maxInvites: number;
  private counts = { rateLimited: 0, tableFull: 0, badRequests: 0, scannerIgnored: 0 };
  /** Requests being handled whose final response is not sent yet. */
  private readonly pending = new Set<string>();
  private readonly invites = new Map<string, InviteEntry>();
  /** INVITEs answered 2xx and waiting for their ACK, by Call-ID and CSeq number. */
  private readonly awaitingAck = new Map<string, InviteServerTransaction>();

  constructor(
    private readonly transport: SipTransport,
    private readonly wheel: TimerWheel,
    private readonly timers: SipTimerValues,
    clock: Clock,
    limits: ServerLimits = {},
  ) {
    this.answered = new BoundedTtlMap(clock, 64 * timers.T1, limits.maxAnswered ?? DEFAULT_MAX_ANSWERED);
    this.guard = new FloodGuard({ ...limits, clock });
    this.maxInvites = limits.maxInviteTransactions ?? DEFAULT_MAX_INVITES;
  }

  get stats(): ServerProtectionStats {
    return { ...this.counts };
  }

  setHandler(handler: RequestHandler): void {
    this.handler = handler;
  }

  receive(m: InboundMessage): void {
    const method = m.sip.method ?? '';
    const branch = m.sip.vias[0]?.params.branch ?? '';
    const source = `${m.remote.address}:${m.remote.port}`;
    if (method === 'ACK') {
      // An ACK is never answered (§17.1.1.3, §13.2.2.4); a malformed one is only captured.
      if (requestProblem(m.sip)) return;
      return this.ack(m, branch, source);
    }
    if (method === 'INVITE') {
      const existing = this.invites.get(`${branch}|${source}`);
      if (existing) return existing.ist.onRetransmission();
    }
    const key = `${branch}|${method}|${source}`;
    if (method !== 'INVITE' && method !== 'CANCEL') {
      const cached = this.answered.get(key);
      if (cached) return this.send(cached, m);
      if (this.pending.has(key)) return; // still being handled: the answer will come
    }
    // Everything below is for a request seen for the first time: check it before keeping anything.
    // A scanner's request gets no answer at all: any answer (even a 503 when it sweeps too fast,
    // or a 486 once the call cap is reached) differs from the one before and reads as "this user
    // exists" to an enumerator such as svwar. It is still captured, so the trace names the scan.
    if (isScannerAgent(m.sip.first('user-agent'))) {
      this.counts.scannerIgnored++;
      return;
    }
    if (!this.admitted(m, method)) return;
    const problem = requestProblem(m.sip);
    if (problem) {
      this.counts.badRequests++;
      return this.replyStateless(m, problem.status, problem.reason, [
        ['Warning', `399 sipkit "${problem.reason}"`],
      ]);
    }
    if (method === 'CANCEL') return this.cancel(m, branch, source);
    if (method === 'INVITE') {
      if (this.invites.size >= this.maxInvites) {
        this.counts.tableFull++;
        return this.replyStateless(m, 503, 'Service Unavailable', [['Retry-After', '5']]);
      }
      return this.invite(m, branch, source);
    }

    this.pending.add(key);
    const request = this.incoming(m, (status, bytes) => {
      if (status < 200) return this.send(bytes, m);
      this.pending.delete(key);
      this.answered.set(key, bytes);
      this.send(bytes, m);
    });
    this.dispatch(request);
  }

  /**
   * RFC 3261 §21.5.4: a source sending state-creating requests faster than its rate gets 503 with
   * Retry-After, answered without a transaction. In-dialog requests (a To tag) pass: they belong
   * to state that already exists.
   */
  private admitted(m: InboundMessage, method: string): boolean {
    if (!STATE_CREATING_METHODS.has(method) || m.sip.toTag) return true;
    const admission = this.guard.admit(m.remote.address);
    if (admission.admitted) return true;
    this.counts.rateLimited++;
    this.replyStateless(m, 503, 'Service Unavailable', [
      ['Retry-After', String(admission.retryAfterS)],
      ['Warning', '399 sipkit "too many requests from this address"'],
    ]);
    return false;
  }

  private replyStateless(
    m: InboundMessage,
    status: number,
    reason: string,
    headers: ReadonlyArray<readonly [string, string]>,
  ): void {
    this.send(
      serializeResponse(withReceived(m), status, reason, {
        toTag: m.sip.toTag ? undefined : makeTag(),
        headers,
      }),
      m,
    );
  }

  close(): void {
    for (const entry of this.invites.values()) entry.ist.abort();
    this.invites.clear();
    this.awaitingAck.clear();
    this.answered.clear();
    this.pending.clear();
  }

  private invite(m: InboundMessage, branch: string, source: string): void {
    const key = `${branch}|${source}`;
    const ackKey = `${m.sip.callId}|${m.sip.cseq.seq}`;
    const ackTimeoutListeners: ((status: number) => void)[] = [];
    const ist = new InviteServerTransaction({
      wheel: this.wheel,
      timers: this.timers,
      reliable: m.transport === 'tcp',
      send: (bytes) => this.transport.send(bytes, m.remote, m.transport, responseSummary(m, bytes)),
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
    this.transport.send(bytes, m.remote, m.transport, responseSummary(m, bytes)).catch(() => undefined);
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

/**
 * The capture fields of a response we built to `m`: its Call-ID and CSeq are the request's
 * (RFC 3261 §8.2.6.2), the status and reason are on its first line.
 */
function responseSummary(m: InboundMessage, bytes: string): KnownSummary | undefined {
  const line = /^SIP\/2\.0 (\d{3}) ([^\r\n]*)/.exec(bytes);
  if (!line) return undefined;
  return {
    callId: m.sip.callId,
    cseqSeq: m.sip.cseq.seq,
    cseqMethod: m.sip.cseq.method,
    status: Number(line[1]),
    reason: line[2],
  };
}
