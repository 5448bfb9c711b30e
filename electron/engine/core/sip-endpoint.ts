// The user-agent core: one transport, the client transactions in flight, and a minimal server
// side that answers requests sent to us. Registration, OPTIONS pings and later calls are built on
// top of it; it knows nothing about them.
import type { Endpoint, TransportName } from '../../../shared/trace-types';
import { systemClock, type Clock } from '../clock';
import { serializeRequest, serializeResponse, type RequestSpec } from '../sip/build-message';
import { makeTag } from '../sip/ids';
import { TimerWheel } from '../timer-wheel';
import type { CaptureSink } from '../transport/capture-sink';
import { SipTransport, TransportError, type InboundMessage } from '../transport/sip-transport';
import { NonInviteClientTransaction } from '../transaction/non-invite-client';
import { DEFAULT_TIMERS, type SipTimerValues } from '../transaction/sip-timers';

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

export type RequestHandler = (request: InboundMessage, reply: Replier) => void;
export type Replier = (
  status: number,
  reason: string,
  opts?: {
    readonly toTag?: string;
    readonly headers?: ReadonlyArray<readonly [string, string]>;
    readonly body?: string;
  },
) => void;

export interface SipEndpointOptions {
  readonly bindAddress?: string;
  readonly port?: number;
  readonly tcp?: boolean;
  readonly clock?: Clock;
  readonly wheel?: TimerWheel;
  readonly timers?: SipTimerValues;
  readonly capture: CaptureSink;
  readonly onError?: (err: Error) => void;
}

/** RFC 3261 §18.1.1: a request within 200 bytes of a 1500-byte MTU, i.e. over 1300 bytes, goes over TCP. */
export const UDP_SIZE_LIMIT = 1300;

export class SipEndpoint {
  private readonly clients = new Map<string, NonInviteClientTransaction>();
  private readonly answered = new Map<string, { bytes: string }>();
  private requestHandler: RequestHandler = defaultRequestHandler;

  private constructor(
    readonly transport: SipTransport,
    readonly clock: Clock,
    readonly wheel: TimerWheel,
    readonly timers: SipTimerValues,
    private readonly ownsWheel: boolean,
  ) {
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
    return new SipEndpoint(transport, clock, wheel, opts.timers ?? DEFAULT_TIMERS, !opts.wheel);
  }

  get local(): Endpoint {
    return this.transport.local;
  }

  /** The address:port a remote should use to reach us (for Contact headers). */
  async contactAddressFor(target: Endpoint): Promise<Endpoint> {
    return { address: await this.transport.advertisedAddressToward(target), port: this.local.port };
  }

  onRequest(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  /** Send a non-INVITE request in its own client transaction and wait for the outcome. */
  async request(
    spec: RequestSpec,
    target: SendTarget,
    options: RequestOptions = {},
  ): Promise<RequestOutcome> {
    if (spec.method === 'INVITE' || spec.method === 'ACK') {
      throw new Error(`${spec.method} needs the INVITE transaction, which this endpoint does not send`);
    }
    const host = await this.transport.advertisedAddressToward(target);
    let transport = target.transport;
    let bytes = serializeRequest(spec, { transport, host, port: this.local.port });
    if (transport === 'udp' && Buffer.byteLength(bytes, 'latin1') > UDP_SIZE_LIMIT) {
      transport = 'tcp';
      bytes = serializeRequest(spec, { transport, host, port: this.local.port });
    }
    return this.runClientTransaction(
      spec,
      target,
      host,
      transport,
      bytes,
      options,
      target.transport !== transport,
    );
  }

  async close(): Promise<void> {
    for (const t of [...this.clients.values()]) t.abort();
    this.clients.clear();
    if (this.ownsWheel) this.wheel.stop();
    await this.transport.close();
  }

  private runClientTransaction(
    spec: RequestSpec,
    target: SendTarget,
    host: string,
    transport: TransportName,
    bytes: string,
    options: RequestOptions,
    sizeSwitched: boolean,
  ): Promise<RequestOutcome> {
    const key = transactionKey(spec.branch, spec.method);
    const started = this.clock.nowMs();
    return new Promise<RequestOutcome>((resolve) => {
      let current = { transport, bytes };
      const txn: NonInviteClientTransaction = new NonInviteClientTransaction({
        wheel: this.wheel,
        timers: this.timers,
        reliable: transport === 'tcp',
        send: async () => {
          try {
            await this.transport.send(current.bytes, target, current.transport);
          } catch (err) {
            // RFC 3261 §18.1.1: a request moved to TCP only for its size goes back to UDP when
            // the TCP connection is refused.
            if (sizeSwitched && current.transport === 'tcp' && err instanceof TransportError) {
              current = {
                transport: 'udp',
                bytes: serializeRequest(spec, { transport: 'udp', host, port: this.local.port }),
              };
              await this.transport.send(current.bytes, target, 'udp');
              return;
            }
            throw err;
          }
        },
        user: {
          onResponse: (response) => {
            const status = response.sip.status ?? 0;
            if (status < 200) options.onProvisional?.(response);
            else
              resolve({
                kind: 'response',
                response,
                rttMs: this.clock.nowMs() - started,
                retransmissions: txn.retransmissions,
                sentOver: current.transport,
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
        },
        onTerminated: () => {
          if (this.clients.get(key) === txn) this.clients.delete(key);
        },
      });
      this.clients.set(key, txn);
      txn.start();
    });
  }

  private dispatch(m: InboundMessage): void {
    const topBranch = m.sip.vias[0]?.params.branch ?? '';
    if (m.sip.kind === 'response') {
      // RFC 3261 §17.1.3: a response matches the client transaction by the top Via's branch and
      // the CSeq method. Anything else (a stray or late response) stays in the capture only.
      this.clients.get(transactionKey(topBranch, m.sip.cseq.method))?.receive(m);
      return;
    }
    this.serveRequest(m, topBranch);
  }

  // A minimal server transaction (RFC 3261 §17.2.2): the final response is remembered for 64*T1
  // (timer J) and sent again when the request is retransmitted; an ACK is absorbed.
  private serveRequest(m: InboundMessage, branch: string): void {
    const method = m.sip.method ?? '';
    if (method === 'ACK') return;
    const key = `${transactionKey(branch, method)}|${m.remote.address}:${m.remote.port}`;
    const previous = this.answered.get(key);
    if (previous) {
      this.transport.send(previous.bytes, m.remote, m.transport).catch(() => undefined);
      return;
    }
    let replied = false;
    let fixedTag: string | undefined;
    const reply: Replier = (status, reason, opts) => {
      if (replied && status >= 200) return;
      // RFC 3261 §8.2.6.2: a response that ends or could start a dialog carries a To tag.
      const toTag = opts?.toTag ?? (status > 100 && !m.sip.toTag ? (fixedTag ??= makeTag()) : undefined);
      const bytes = serializeResponse(withReceived(m), status, reason, { ...opts, toTag });
      if (status >= 200) {
        replied = true;
        this.answered.set(key, { bytes });
        this.wheel.schedule(64 * this.timers.T1, () => this.answered.delete(key));
      }
      // RFC 3581 §4 / RFC 3261 §18.2.2: answer to the source address and port.
      this.transport.send(bytes, m.remote, m.transport).catch(() => undefined);
    };
    try {
      this.requestHandler(m, reply);
    } catch {
      reply(500, 'Server Internal Error');
    }
  }
}

function transactionKey(branch: string, method: string): string {
  return `${branch}|${method === 'ACK' ? 'INVITE' : method}`;
}

/** RFC 3581 §4: add received= and fill rport= on the top Via of a request we answer. */
function withReceived(m: InboundMessage): InboundMessage['sip'] {
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

/** Answer what a registering client is sent unasked: OPTIONS keep-alives get 200, the rest a clear no. */
export const defaultRequestHandler: RequestHandler = (request, reply) => {
  switch (request.sip.method) {
    case 'OPTIONS':
      reply(200, 'OK', {
        headers: [
          ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY'],
          ['Accept', 'application/sdp'],
        ],
      });
      break;
    case 'NOTIFY':
      reply(200, 'OK');
      break;
    case 'INVITE':
      reply(480, 'Temporarily Unavailable', {
        headers: [['Warning', '399 sipkit "not answering calls in this mode"']],
      });
      break;
    default:
      reply(501, 'Not Implemented');
  }
};
