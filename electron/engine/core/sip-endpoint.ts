// The user-agent core: one transport, the client transactions in flight, and the server side
// that answers requests sent to us. Registration, OPTIONS pings and calls are built on top of it;
// it knows nothing about them.
import type { Endpoint, TransportName } from '../../../shared/trace-types';
import { systemClock, type Clock } from '../clock';
import { serializeRequest, type RequestSpec } from '../sip/build-message';
import { TimerWheel } from '../timer-wheel';
import { InviteClientTransaction, type InviteSent } from '../transaction/invite-client';
import { NonInviteClientTransaction, type ClientTransactionUser } from '../transaction/non-invite-client';
import { DEFAULT_TIMERS, type SipTimerValues } from '../transaction/sip-timers';
import type { CaptureSink } from '../transport/capture-sink';
import { SipTransport, TransportError, type InboundMessage } from '../transport/sip-transport';
import type { RequestHandler } from './incoming-request';
import { ServerSide, type ServerLimits, type ServerProtectionStats } from './server-side';

export interface SendTarget extends Endpoint {
  readonly transport: TransportName;
}

export type RequestOutcome =
  | {
      readonly kind: 'response';
      readonly response: InboundMessage;
      readonly rttMs: number;
      readonly retransmissions: number;
      readonly sentOver: TransportName;
    }
  | { readonly kind: 'timeout'; readonly elapsedMs: number; readonly retransmissions: number }
  | { readonly kind: 'transport-error'; readonly error: Error; readonly retransmissions: number };

export interface RequestOptions {
  readonly onProvisional?: (response: InboundMessage) => void;
}

export interface InviteHandlers {
  /** 1xx responses. */
  onProvisional(response: InboundMessage): void;
  /** The first final response; a 300-699 has already been ACKed by the transaction. */
  onFinal(response: InboundMessage): void;
  /** A 2xx after the first (retransmitted because our ACK was lost, or another fork). */
  on2xxAgain(response: InboundMessage): void;
  /** Timer B: no response at all. */
  onTimeout(): void;
  onTransportError(err: Error): void;
  /** Each send while nobody answers: the first and every timer A retransmission. */
  onSent?(sent: InviteSent): void;
}

export interface InviteClient {
  /** RFC 3261 §9.1: CANCEL the INVITE (only meaningful after a provisional response). */
  cancel(): Promise<RequestOutcome>;
  readonly spec: RequestSpec;
  readonly target: SendTarget;
}

export interface SipEndpointOptions {
  readonly bindAddress?: string;
  readonly port?: number;
  readonly tcp?: boolean;
  readonly clock?: Clock;
  readonly wheel?: TimerWheel;
  readonly timers?: SipTimerValues;
  readonly capture: CaptureSink;
  readonly onError?: (err: Error) => void;
  /** Bounds of the server side: per-source rate of state-creating requests, table sizes. */
  readonly limits?: ServerLimits;
}

/** RFC 3261 §18.1.1: a request within 200 bytes of a 1500-byte MTU, i.e. over 1300 bytes, goes over TCP. */
export const UDP_SIZE_LIMIT = 1300;

interface ClientEntry {
  receive(m: InboundMessage): void;
  abort(): void;
}

interface Prepared {
  readonly host: string;
  transport: TransportName;
  bytes: string;
  readonly sizeSwitched: boolean;
}

export class SipEndpoint {
  private readonly clients = new Map<string, ClientEntry>();
  private readonly server: ServerSide;

  private constructor(
    readonly transport: SipTransport,
    readonly clock: Clock,
    readonly wheel: TimerWheel,
    readonly timers: SipTimerValues,
    private readonly ownsWheel: boolean,
    limits: ServerLimits | undefined,
  ) {
    this.server = new ServerSide(transport, wheel, timers, clock, limits);
    transport.onMessage((m) => this.dispatch(m));
  }

  static async open(opts: SipEndpointOptions): Promise<SipEndpoint> {
    const clock = opts.clock ?? systemClock;
    const wheel = opts.wheel ?? new TimerWheel({ clock, onError: (e) => opts.onError?.(e as Error) });
    const transport = await SipTransport.open({
      bindAddress: opts.bindAddress,
      port: opts.port,
      tcp: opts.tcp,
      clock,
      capture: opts.capture,
      onError: opts.onError,
    });
    return new SipEndpoint(transport, clock, wheel, opts.timers ?? DEFAULT_TIMERS, !opts.wheel, opts.limits);
  }

  get local(): Endpoint {
    return this.transport.local;
  }

  /** The address:port a remote should use to reach us (for Contact headers and SDP). */
  async contactAddressFor(target: Endpoint): Promise<Endpoint> {
    return { address: await this.transport.advertisedAddressToward(target), port: this.local.port };
  }

  /** What the server side turned away so far (rate-limited, table full, malformed). */
  get protection(): ServerProtectionStats {
    return this.server.stats;
  }

  /** Who answers requests sent to us (OPTIONS, INVITE, BYE, …). */
  onRequest(handler: RequestHandler): void {
    this.server.setHandler(handler);
  }

  /** Send a non-INVITE request in its own client transaction and wait for the outcome. */
  async request(
    spec: RequestSpec,
    target: SendTarget,
    options: RequestOptions = {},
  ): Promise<RequestOutcome> {
    if (spec.method === 'INVITE' || spec.method === 'ACK') {
      throw new Error(`${spec.method} goes through invite() or sendAck(), not request()`);
    }
    const prepared = await this.prepare(spec, target);
    const started = this.clock.nowMs();
    return new Promise<RequestOutcome>((resolve) => {
      const user: ClientTransactionUser = {
        onResponse: (response) => {
          if ((response.sip.status ?? 0) < 200) return options.onProvisional?.(response);
          resolve({
            kind: 'response',
            response,
            rttMs: this.clock.nowMs() - started,
            retransmissions: txn.retransmissions,
            sentOver: prepared.transport,
          });
        },
        onTimeout: () =>
          resolve({
            kind: 'timeout',
            elapsedMs: this.clock.nowMs() - started,
            retransmissions: txn.retransmissions,
          }),
        onTransportError: (error) =>
          resolve({ kind: 'transport-error', error, retransmissions: txn.retransmissions }),
      };
      const key = transactionKey(spec.branch, spec.method);
      const txn: NonInviteClientTransaction = new NonInviteClientTransaction({
        wheel: this.wheel,
        timers: this.timers,
        reliable: prepared.transport === 'tcp',
        send: () => this.sendPrepared(spec, target, prepared),
        user,
        onTerminated: () => this.forget(key, txn),
      });
      this.clients.set(key, txn);
      txn.start();
    });
  }

  /** Send an INVITE in an INVITE client transaction (RFC 3261 §17.1.1). */
  async invite(spec: RequestSpec, target: SendTarget, handlers: InviteHandlers): Promise<InviteClient> {
    if (spec.method !== 'INVITE') throw new Error('invite() sends INVITE requests only');
    const prepared = await this.prepare(spec, target);
    const key = transactionKey(spec.branch, 'INVITE');
    let finalSeen = false;
    const txn: InviteClientTransaction = new InviteClientTransaction({
      wheel: this.wheel,
      timers: this.timers,
      reliable: prepared.transport === 'tcp',
      send: () => this.sendPrepared(spec, target, prepared),
      sendAck: (response) =>
        this.sendStateless(ackForNon2xx(spec, response), { ...target, transport: prepared.transport }),
      user: {
        onResponse: (response) => {
          const status = response.sip.status ?? 0;
          if (status < 200) return handlers.onProvisional(response);
          if (finalSeen) return handlers.on2xxAgain(response);
          finalSeen = true;
          handlers.onFinal(response);
        },
        onTimeout: () => handlers.onTimeout(),
        onTransportError: (err) => handlers.onTransportError(err),
      },
      onTerminated: () => this.forget(key, txn),
      onSent: (sent) => handlers.onSent?.(sent),
    });
    this.clients.set(key, txn);
    txn.start();
    const sentTarget = { ...target, transport: prepared.transport };
    return {
      spec,
      target: sentTarget,
      // §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via branch as the INVITE.
      cancel: () => this.request(cancelFor(spec), sentTarget),
    };
  }

  /**
   * Send a request outside any transaction: the ACK for a 2xx (RFC 3261 §13.2.2.4), which the
   * caller re-sends itself whenever the 2xx is retransmitted. Returns the bytes sent.
   */
  async sendStateless(spec: RequestSpec, target: SendTarget): Promise<void> {
    const prepared = await this.prepare(spec, target);
    await this.sendPrepared(spec, target, prepared);
  }

  async close(): Promise<void> {
    for (const t of [...this.clients.values()]) t.abort();
    this.clients.clear();
    this.server.close();
    if (this.ownsWheel) this.wheel.stop();
    await this.transport.close();
  }

  private async prepare(spec: RequestSpec, target: SendTarget): Promise<Prepared> {
    const host = await this.transport.advertisedAddressToward(target);
    let transport = target.transport;
    let bytes = serializeRequest(spec, { transport, host, port: this.local.port });
    if (transport === 'udp' && Buffer.byteLength(bytes, 'latin1') > UDP_SIZE_LIMIT && spec.method !== 'ACK') {
      transport = 'tcp';
      bytes = serializeRequest(spec, { transport, host, port: this.local.port });
    }
    return { host, transport, bytes, sizeSwitched: transport !== target.transport };
  }

  private async sendPrepared(spec: RequestSpec, target: SendTarget, p: Prepared): Promise<void> {
    try {
      await this.transport.send(p.bytes, target, p.transport);
    } catch (err) {
      // RFC 3261 §18.1.1: a request moved to TCP only for its size goes back to UDP when the
      // TCP connection is refused.
      if (p.sizeSwitched && p.transport === 'tcp' && err instanceof TransportError) {
        p.transport = 'udp';
        p.bytes = serializeRequest(spec, { transport: 'udp', host: p.host, port: this.local.port });
        await this.transport.send(p.bytes, target, 'udp');
        return;
      }
      throw err;
    }
  }

  private forget(key: string, entry: ClientEntry): void {
    if (this.clients.get(key) === entry) this.clients.delete(key);
  }

  private dispatch(m: InboundMessage): void {
    if (m.sip.kind === 'request') return this.server.receive(m);
    // RFC 3261 §17.1.3: a response matches the client transaction by the top Via's branch and
    // the CSeq method. Anything else (a stray or late response) stays in the capture only.
    const branch = m.sip.vias[0]?.params.branch ?? '';
    this.clients.get(transactionKey(branch, m.sip.cseq.method))?.receive(m);
  }
}

function transactionKey(branch: string, method: string): string {
  return `${branch}|${method === 'ACK' ? 'INVITE' : method}`;
}

/** Route headers travel with ACK and CANCEL (§17.1.1.3, §9.1); nothing else of the INVITE's does. */
function routeOnly(spec: RequestSpec): ReadonlyArray<readonly [string, string]> {
  return (spec.headers ?? []).filter(([name]) => name.toLowerCase() === 'route');
}

function cancelFor(spec: RequestSpec): RequestSpec {
  return {
    method: 'CANCEL',
    requestUri: spec.requestUri,
    branch: spec.branch,
    from: spec.from,
    to: spec.to,
    callId: spec.callId,
    cseq: spec.cseq,
    headers: routeOnly(spec),
    maxForwards: spec.maxForwards,
  };
}

/** RFC 3261 §17.1.1.3: the ACK for a non-2xx final response. */
function ackForNon2xx(spec: RequestSpec, response: InboundMessage): RequestSpec {
  return {
    method: 'ACK',
    requestUri: spec.requestUri,
    branch: spec.branch,
    from: spec.from,
    to: response.sip.first('to') ?? spec.to,
    callId: spec.callId,
    cseq: spec.cseq,
    headers: routeOnly(spec),
    maxForwards: spec.maxForwards,
  };
}
