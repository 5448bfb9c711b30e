// The load generator's own UDP socket: large kernel buffers so bursts of thousands of datagrams a
// second are not dropped, no per-message callbacks on send, and the local address to put in Via
// and Contact worked out once (the address the kernel routes toward the server from).
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIPv4 } from 'node:net';
import type { Endpoint } from '../../../shared/trace-types';

/** Asked for; Linux caps it at net.core.rmem_max / wmem_max (the figures are reported). */
export const SOCKET_BUFFER_BYTES = 8 * 1024 * 1024;

export interface LoadSocket {
  readonly socket: Socket;
  /** The address and port as put in Via/Contact and in the capture. */
  readonly local: Endpoint;
  readonly recvBufferBytes: number;
  readonly sendBufferBytes: number;
  send(buf: Buffer, to: Endpoint): void;
  close(): Promise<void>;
}

/** The local address the kernel would use toward `server` (no packet is sent). */
export async function routeAddressTo(server: Endpoint): Promise<string> {
  const probe = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.connect(server.port, server.address, () => resolve());
    });
    return probe.address().address;
  } finally {
    probe.close();
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram resolves the address of every send() through dns.lookup, which answers even an IP literal
 * on the next tick: per datagram a lookup, a nextTick and an async-hooks scope (a tenth of the load
 * thread's CPU at thousands of CPS, profiled). Our destinations are IP literals (the server, a
 * Contact's address): answered at once, so the datagram goes out in the send() call itself.
 */
function literalFirstLookup(): (host: string, opts: LookupOneOptions, cb: LookupCallback) => void {
  const literals = new Set<string>();
  return (host, opts, cb) => {
    if (literals.has(host) || (isIPv4(host) && literals.add(host))) return cb(null, host, 4);
    // dgram passes the family as a bare number (4), whatever its typings say.
    const o = opts as LookupOneOptions | number;
    dnsLookup(host, typeof o === 'number' ? { family: o } : o, cb);
  };
}

export async function openLoadSocket(opts: {
  server: Endpoint;
  localAddress?: string;
  localPort?: number;
  onMessage: (msg: Buffer, from: RemoteInfo) => void;
  onError: (err: Error) => void;
}): Promise<LoadSocket> {
  const socket = createSocket({
    type: 'udp4',
    recvBufferSize: SOCKET_BUFFER_BYTES,
    sendBufferSize: SOCKET_BUFFER_BYTES,
    lookup: literalFirstLookup(),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port: opts.localPort ?? 0, address: opts.localAddress, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('message', opts.onMessage);
  socket.on('error', opts.onError);
  const bound = socket.address();
  const address =
    opts.localAddress && opts.localAddress !== '0.0.0.0'
      ? opts.localAddress
      : await routeAddressTo(opts.server);
  let closed = false;
  return {
    socket,
    local: { address, port: bound.port },
    recvBufferBytes: socket.getRecvBufferSize(),
    sendBufferBytes: socket.getSendBufferSize(),
    send: (buf, to) => {
      if (!closed) socket.send(buf, to.port, to.address);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        socket.close(() => resolve());
      }),
  };
}
