// The engine's only door to the network: one UDP socket (large buffers) plus TCP connections on
// the same port. Every message that crosses it, in either direction, is captured with its exact
// bytes, timestamp and addresses, and a message that does not parse is captured too (flagged)
// and never reaches, or breaks, the layers above. UDP datagrams are read at once into a bounded,
// per-source fair queue and handled a few per event-loop turn, so a flood from one source can
// neither grow memory nor starve another source's requests (see fair-receive-queue.ts).
import dgram from 'node:dgram';
import net from 'node:net';
import type { Endpoint, TransportName } from '../../../shared/trace-types';
import type { Clock } from '../clock';
import { parseWire, type ParsedSip, type ParseResult } from '../sip/parse-message';
import type { CaptureSink } from './capture-sink';
import { FairReceiveQueue } from './fair-receive-queue';
import { StreamFramer } from './stream-framer';
import { summarize } from './summarize';
import { endpointText } from '../../../shared/sip/address-text';

/** The capture fields of a message its sender built (and so knows without parsing it). */
export interface KnownSummary {
  readonly callId: string;
  readonly cseqSeq: number;
  readonly cseqMethod: string;
  readonly status?: number;
  readonly reason?: string;
  readonly method?: string;
}

export interface InboundMessage {
  readonly sip: ParsedSip;
  readonly raw: Buffer;
  readonly transport: TransportName;
  readonly remote: Endpoint;
  readonly local: Endpoint;
  readonly tsMicros: number;
}

export interface SipTransportOptions {
  /** Local address to bind; '0.0.0.0' (all interfaces) by default. */
  readonly bindAddress?: string;
  /** Local port; 0 (ephemeral) by default. */
  readonly port?: number;
  /** Also accept and open TCP connections on the same port (default true). */
  readonly tcp?: boolean;
  readonly clock: Clock;
  readonly capture: CaptureSink;
  /** SO_RCVBUF / SO_SNDBUF for the UDP socket. Load tests want several MB. */
  readonly receiveBufferBytes?: number;
  readonly sendBufferBytes?: number;
  readonly tcpConnectTimeoutMs?: number;
  /** Bounds of the UDP receive queue (see FairReceiveQueue). */
  readonly receiveQueue?: ConstructorParameters<typeof FairReceiveQueue>[0];
  /** Called with errors that are not tied to one request (a sink throwing, a socket error). */
  readonly onError?: (err: Error) => void;
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);
/**
 * Datagrams handled per event-loop turn: few, so the loop gets back to reading the socket (when
 * the socket buffer overflows, the kernel drops datagrams without regard to their source, and
 * what it keeps waits there in arrival order). Under overload (a long queue) fewer still: reading
 * is cheap and lets the fair queue decide what waits.
 */
const DATAGRAMS_PER_TURN = 16;
const DATAGRAMS_PER_TURN_OVERLOADED = 2;
const OVERLOADED_AT = 256;

export class SipTransport {
  private handler: (m: InboundMessage) => void = () => undefined;
  private readonly connections = new Map<string, Promise<TcpConnection>>();
  private readonly advertised = new Map<string, string>();
  private readonly received: FairReceiveQueue;
  private draining = false;
  private closed = false;

  private constructor(
    private readonly udp: dgram.Socket,
    private readonly tcpServer: net.Server | undefined,
    readonly local: Endpoint,
    private readonly opts: SipTransportOptions,
  ) {
    this.received = new FairReceiveQueue(opts.receiveQueue);
    udp.on('message', (data, rinfo) => this.enqueue(data, { address: rinfo.address, port: rinfo.port }));
    udp.on('error', (err) => this.reportError(err));
    tcpServer?.on('connection', (socket) => this.adopt(socket));
  }

  static async open(opts: SipTransportOptions): Promise<SipTransport> {
    const bindAddress = opts.bindAddress ?? '0.0.0.0';
    const type = net.isIPv6(bindAddress) ? 'udp6' : 'udp4';
    const udp = dgram.createSocket({
      type,
      recvBufferSize: opts.receiveBufferBytes ?? 4 * 1024 * 1024,
      sendBufferSize: opts.sendBufferBytes ?? 4 * 1024 * 1024,
    });
    await new Promise<void>((resolve, reject) => {
      udp.once('error', (err) => reject(bindError(err, bindAddress, opts.port ?? 0)));
      udp.bind(opts.port ?? 0, bindAddress, () => {
        udp.removeAllListeners('error');
        resolve();
      });
    });
    const port = udp.address().port;
    let tcpServer: net.Server | undefined;
    if (opts.tcp ?? true) {
      tcpServer = net.createServer();
      const server = tcpServer;
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, bindAddress, () => resolve(true));
      });
      // TCP on the same port is a convenience for inbound TCP; outbound TCP works without it.
      if (!ok) tcpServer = undefined;
    }
    return new SipTransport(udp, tcpServer, { address: bindAddress, port }, opts);
  }

  onMessage(handler: (m: InboundMessage) => void): void {
    this.handler = handler;
  }

  /**
   * The address to put in Via and Contact toward a remote: the bound address, or when bound to
   * all interfaces, the source address the OS routes from (a connected UDP socket tells it
   * without sending anything).
   */
  async advertisedAddressToward(remote: Endpoint): Promise<string> {
    if (!WILDCARDS.has(this.local.address)) return this.local.address;
    const cached = this.advertised.get(remote.address);
    if (cached) return cached;
    const probe = dgram.createSocket(net.isIPv6(remote.address) ? 'udp6' : 'udp4');
    try {
      const address = await new Promise<string>((resolve, reject) => {
        probe.once('error', reject);
        probe.connect(remote.port, remote.address, () => resolve(probe.address().address));
      });
      this.advertised.set(remote.address, address);
      return address;
    } catch (err) {
      throw new TransportError(`no route to ${remote.address}: ${(err as Error).message}`);
    } finally {
      probe.close();
    }
  }

  /**
   * Sends a message and captures it. `known` is what the capture record needs when the caller
   * already knows it (a response it built to a request it parsed), so a flood's thousands of
   * replies are not parsed back one by one.
   */
  async send(
    data: string | Buffer,
    remote: Endpoint,
    transport: TransportName,
    known?: KnownSummary,
  ): Promise<void> {
    if (this.closed) throw new TransportError('the SIP transport is closed');
    const raw = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    if (transport === 'tcp') {
      const conn = await this.connection(remote);
      this.captureOut(raw, 'tcp', remote, conn.local, known);
      await conn.write(raw);
      return;
    }
    this.captureOut(raw, 'udp', remote, this.localToward(remote), known);
    await new Promise<void>((resolve, reject) => {
      this.udp.send(raw, remote.port, remote.address, (err) => {
        if (err)
          reject(
            new TransportError(
              `could not send to ${fmt(remote)} over UDP: ${err.message}`,
              (err as NodeJS.ErrnoException).code,
            ),
          );
        else resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Datagrams read but not handled yet are counted as not captured, like those dropped under load.
    for (let n = this.received.clear(); n > 0; n--) this.notCaptured();
    for (const pending of this.connections.values()) pending.then((c) => c.destroy()).catch(() => undefined);
    this.connections.clear();
    await new Promise<void>((resolve) => this.udp.close(() => resolve()));
    if (this.tcpServer) await new Promise<void>((resolve) => this.tcpServer!.close(() => resolve()));
  }

  private localToward(remote: Endpoint): Endpoint {
    const address = WILDCARDS.has(this.local.address)
      ? (this.advertised.get(remote.address) ?? this.local.address)
      : this.local.address;
    return { address, port: this.local.port };
  }

  private captureOut(
    raw: Buffer,
    transport: TransportName,
    remote: Endpoint,
    local: Endpoint,
    known: KnownSummary | undefined,
  ): void {
    const tsMicros = this.opts.clock.nowMicros();
    if (known) {
      const meta = { tsMicros, direction: 'out' as const, transport, local, remote };
      return this.safeCapture({ ...meta, raw, parsed: true, ...known });
    }
    let result: ParseResult;
    try {
      result = parseWire(raw);
    } catch (err) {
      result = { ok: false, error: `internal parser error: ${(err as Error).message}` };
    }
    this.safeCapture(summarize(raw, { tsMicros, direction: 'out', transport, local, remote }, result));
  }

  private enqueue(raw: Buffer, remote: Endpoint): void {
    if (this.closed) return;
    // Stamp first: the timestamp is when the bytes arrived, not when they were handled.
    const tsMicros = this.opts.clock.nowMicros();
    if (!this.received.push({ raw, remote, tsMicros })) return this.notCaptured();
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  private notCaptured(): void {
    try {
      this.opts.capture.notCaptured?.('in', 'queue-full');
    } catch (err) {
      this.reportError(err as Error);
    }
  }

  private drain(): void {
    this.draining = false;
    const n = this.received.size > OVERLOADED_AT ? DATAGRAMS_PER_TURN_OVERLOADED : DATAGRAMS_PER_TURN;
    for (let i = 0; i < n && !this.closed; i++) {
      const d = this.received.shift();
      if (!d) return;
      this.inbound(d.raw, 'udp', d.remote, undefined, d.tsMicros);
    }
    if (this.received.size > 0 && !this.closed) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  private inbound(
    raw: Buffer,
    transport: TransportName,
    remote: Endpoint,
    local: Endpoint | undefined,
    arrivedMicros?: number,
  ): void {
    const tsMicros = arrivedMicros ?? this.opts.clock.nowMicros();
    const localEp = local ?? this.localToward(remote);
    let result: ParseResult;
    try {
      result = parseWire(raw);
    } catch (err) {
      result = { ok: false, error: `internal parser error: ${(err as Error).message}` };
    }
    this.safeCapture(
      summarize(raw, { tsMicros, direction: 'in', transport, local: localEp, remote }, result),
    );
    if (!result.ok || this.closed) return;
    try {
      this.handler({ sip: result.sip, raw, transport, remote, local: localEp, tsMicros });
    } catch (err) {
      this.reportError(err as Error);
    }
  }

  private safeCapture(record: Parameters<CaptureSink['capture']>[0]): void {
    try {
      this.opts.capture.capture(record);
    } catch (err) {
      this.reportError(err as Error);
    }
  }

  private reportError(err: Error): void {
    try {
      this.opts.onError?.(err);
    } catch {
      // An error reporter that throws must not take the engine down with it.
    }
  }

  private connection(remote: Endpoint): Promise<TcpConnection> {
    const key = fmt(remote);
    let pending = this.connections.get(key);
    if (!pending) {
      pending = this.connect(remote);
      this.connections.set(key, pending);
      pending.catch(() => this.connections.delete(key));
    }
    return pending;
  }

  private connect(remote: Endpoint): Promise<TcpConnection> {
    const timeoutMs = this.opts.tcpConnectTimeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: remote.address, port: remote.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new TransportError(
            `TCP connection to ${fmt(remote)} timed out after ${timeoutMs / 1000} s`,
            'ETIMEDOUT',
          ),
        );
      }, timeoutMs);
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          new TransportError(
            `could not connect to ${fmt(remote)} over TCP: ${err.code ?? err.message}`,
            err.code,
          ),
        );
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(this.adopt(socket));
      });
    });
  }

  private adopt(socket: net.Socket): TcpConnection {
    const remote = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    const local = { address: socket.localAddress ?? this.local.address, port: socket.localPort ?? 0 };
    const key = fmt(remote);
    const conn = new TcpConnection(socket, local);
    this.connections.set(key, Promise.resolve(conn));
    const framer = new StreamFramer({
      message: (raw) => this.inbound(raw, 'tcp', remote, local),
      garbage: (raw, why) => {
        const tsMicros = this.opts.clock.nowMicros();
        this.safeCapture(
          summarize(
            raw,
            { tsMicros, direction: 'in', transport: 'tcp', local, remote },
            { ok: false, error: why },
          ),
        );
        socket.destroy();
      },
    });
    socket.on('data', (chunk) => framer.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      framer.end();
      if (this.connections.get(key) !== undefined) this.connections.delete(key);
    });
    return conn;
  }
}

class TcpConnection {
  constructor(
    private readonly socket: net.Socket,
    readonly local: Endpoint,
  ) {}
  write(raw: Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(raw, (err) =>
        err ? reject(new TransportError(`TCP write failed: ${err.message}`)) : resolve(),
      ),
    );
  }
  destroy(): void {
    this.socket.destroy();
  }
}

/** "ip:port" for lines and errors (IPv6 in brackets): the one shared writer, under the engine's short name. */
export const fmt: (e: Endpoint) => string = endpointText;

function bindError(err: NodeJS.ErrnoException, address: string, port: number): TransportError {
  const where = fmt({ address, port });
  if (err.code === 'EADDRINUSE')
    return new TransportError(`cannot listen on ${where}: the port is already in use`, err.code);
  if (err.code === 'EADDRNOTAVAIL')
    return new TransportError(`cannot listen on ${where}: this machine has no such address`, err.code);
  if (err.code === 'EACCES')
    return new TransportError(`cannot listen on ${where}: permission denied`, err.code);
  return new TransportError(`cannot listen on ${where}: ${err.message}`, err.code);
}
