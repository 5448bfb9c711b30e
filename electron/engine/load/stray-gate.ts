// Between the load generator's socket and its call engine. The socket hears the server it calls,
// and anyone else who finds its port (a scanner, a fuzzer, a misrouted PBX). Datagrams from the
// server are handled at once: every call depends on them. Anything else is read into a bounded,
// per-source fair queue (as the transport does for `sipkit answer`) and handled a few per event-loop
// turn, so a flood at the generator's port can neither keep the thread from reading the socket
// (a full socket buffer drops without regard to source, the server's replies with the rest) nor
// take the thread from the calls. Nothing from elsewhere is refused unread: a far side that sends
// its BYE from another port is served in turn. What the queue cannot hold is counted, not stored.
import type { RemoteInfo } from 'node:dgram';
import type { Endpoint } from '../../../shared/trace-types';
import { FairReceiveQueue, type FairReceiveQueueOptions } from '../transport/fair-receive-queue';

export interface StrayGateOptions {
  /** The server the calls go to: its datagrams skip the queue. */
  readonly server: Endpoint;
  readonly handle: (msg: Buffer, from: Endpoint) => void;
  /** Told of each datagram dropped unhandled (the queue was full, or the run ended). */
  readonly onDropped: () => void;
  /** Datagrams from elsewhere handled per event-loop turn (default 4). */
  readonly perTurn?: number;
  readonly queue?: FairReceiveQueueOptions;
}

const DEFAULT_PER_TURN = 4;

export class StrayGate {
  private readonly queue: FairReceiveQueue;
  private draining = false;
  private closed = false;

  constructor(private readonly o: StrayGateOptions) {
    this.queue = new FairReceiveQueue(o.queue);
  }

  /** Datagrams from elsewhere waiting to be handled. */
  get waiting(): number {
    return this.queue.size;
  }

  readonly receive = (msg: Buffer, from: RemoteInfo | Endpoint): void => {
    if (this.closed) return this.o.onDropped();
    // The server's datagrams are handed on with the server's own Endpoint (equal values): no
    // object per datagram on the path every reply takes.
    if (from.port === this.o.server.port && from.address === this.o.server.address) {
      this.o.handle(msg, this.o.server);
      return;
    }
    const remote = { address: from.address, port: from.port };
    if (!this.queue.push({ raw: msg, remote, tsMicros: 0 })) return this.o.onDropped();
    if (!this.draining) {
      this.draining = true;
      setImmediate(this.drain);
    }
  };

  /** Drops what is still waiting (counted); later datagrams are dropped and counted too. */
  close(): void {
    this.closed = true;
    for (let n = this.queue.clear(); n > 0; n--) this.o.onDropped();
  }

  private readonly drain = (): void => {
    this.draining = false;
    const n = this.o.perTurn ?? DEFAULT_PER_TURN;
    for (let i = 0; i < n && !this.closed; i++) {
      const d = this.queue.shift();
      if (!d) return;
      this.o.handle(d.raw, d.remote);
    }
    if (this.queue.size > 0 && !this.closed) {
      this.draining = true;
      setImmediate(this.drain);
    }
  };
}
