// Datagrams read from the socket wait here until the engine handles them, served fairly: round
// robin over source addresses, and within an address over source ports. Reading a datagram is
// O(1) and cheap, so the socket is emptied faster than a flood arrives; when the engine cannot
// handle everything, what waits too long is a flooder's own backlog (its per-source queue is
// full), never another peer's OPTIONS or a registrar's response. Everything is bounded: datagrams
// per source, datagrams and bytes in total.
import type { Endpoint } from '../../../shared/trace-types';

export interface QueuedDatagram {
  readonly raw: Buffer;
  readonly remote: Endpoint;
  readonly tsMicros: number;
}

export interface FairReceiveQueueOptions {
  /** Datagrams one source (address and port) may have waiting (default 256). */
  readonly perSource?: number;
  /** Datagrams waiting in all (default 4,096). */
  readonly maxDatagrams?: number;
  /** Bytes waiting in all (default 8 MiB). */
  readonly maxBytes?: number;
}

const DEFAULT_PER_SOURCE = 256;
const DEFAULT_MAX_DATAGRAMS = 4096;
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export class FairReceiveQueue {
  /** address → port → waiting datagrams. Map order is the round-robin order at both levels. */
  private readonly byAddress = new Map<string, Map<number, QueuedDatagram[]>>();
  private count = 0;
  private bytes = 0;

  constructor(private readonly opts: FairReceiveQueueOptions = {}) {}

  get size(): number {
    return this.count;
  }

  /** Queues a datagram; false when it must be dropped (its source's queue or the whole queue is full). */
  push(d: QueuedDatagram): boolean {
    if (
      this.count >= (this.opts.maxDatagrams ?? DEFAULT_MAX_DATAGRAMS) ||
      this.bytes + d.raw.byteLength > (this.opts.maxBytes ?? DEFAULT_MAX_BYTES)
    )
      return false;
    let ports = this.byAddress.get(d.remote.address);
    if (!ports) {
      ports = new Map();
      this.byAddress.set(d.remote.address, ports);
    }
    let queue = ports.get(d.remote.port);
    if (!queue) {
      queue = [];
      ports.set(d.remote.port, queue);
    }
    if (queue.length >= (this.opts.perSource ?? DEFAULT_PER_SOURCE)) return false;
    queue.push(d);
    this.count++;
    this.bytes += d.raw.byteLength;
    return true;
  }

  /** The next datagram in round-robin order (next address, and that address's next port). */
  shift(): QueuedDatagram | undefined {
    const first = this.byAddress.entries().next();
    if (first.done) return undefined;
    const [address, ports] = first.value;
    const inner = ports.entries().next();
    // Every port map and queue kept here is non-empty (emptied ones are removed below).
    if (inner.done) {
      this.byAddress.delete(address);
      return this.shift();
    }
    const [port, queue] = inner.value;
    const d = queue.shift()!;
    this.count--;
    this.bytes -= d.raw.byteLength;
    // Rotate: this port goes to the back of its address, this address to the back of all.
    ports.delete(port);
    if (queue.length > 0) ports.set(port, queue);
    this.byAddress.delete(address);
    if (ports.size > 0) this.byAddress.set(address, ports);
    return d;
  }

  /** Empties the queue; returns how many datagrams were waiting (they will never be handled). */
  clear(): number {
    const dropped = this.count;
    this.byAddress.clear();
    this.count = 0;
    this.bytes = 0;
    return dropped;
  }
}
