import { createSocket, type Socket } from 'node:dgram';
import type { HostPort } from './host-port';
import { waitUntil } from './wait';

// A bare UDP socket that records every datagram, for playing the other side of a test call by
// hand: the RTP receiver SIPp plays to, or (through sip-udp-peer.ts) a scripted SIP endpoint.

export interface Datagram {
  data: Buffer;
  from: HostPort;
  /** Date.now() on arrival. */
  atMs: number;
}

export interface UdpEndpoint {
  readonly host: string;
  readonly port: number;
  /** Every datagram received so far, in order. */
  datagrams(): Datagram[];
  send(data: Buffer | string, to: HostPort): Promise<void>;
  /** The first datagram (already received or future) that matches. */
  waitFor(predicate: (datagram: Datagram) => boolean, timeoutMs?: number, what?: string): Promise<Datagram>;
  close(): Promise<void>;
}

export async function openUdpEndpoint(host = '127.0.0.1', port = 0): Promise<UdpEndpoint> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const received: Datagram[] = [];
  socket.on('message', (data, rinfo) => {
    received.push({ data, from: { host: rinfo.address, port: rinfo.port }, atMs: Date.now() });
  });
  socket.on('error', () => {
    // ICMP port unreachable after sending to a closed port: the test sees the missing reply
  });
  let closed: Promise<void> | undefined;
  return {
    host,
    port: socket.address().port,
    datagrams: () => [...received],
    send: (data, to) =>
      new Promise((resolve, reject) =>
        socket.send(data, to.port, to.host, (err) => (err ? reject(err) : resolve())),
      ),
    async waitFor(predicate, timeoutMs = 5000, what = 'a matching datagram') {
      let found: Datagram | undefined;
      await waitUntil(
        () => {
          found = received.find(predicate);
          return found !== undefined;
        },
        {
          timeoutMs,
          intervalMs: 5,
          describeFailure: () =>
            `no ${what} on udp:${host}:${socket.address().port} within ${timeoutMs} ms (${received.length} datagrams received)`,
        },
      );
      if (!found) throw new Error('unreachable: waitUntil resolved without a datagram');
      return found;
    },
    close() {
      closed ??= new Promise((resolve) => socket.close(() => resolve()));
      return closed;
    },
  };
}
