// The load generator's own UDP socket: large kernel buffers so bursts of thousands of datagrams a
// second are not dropped, no per-message callbacks on send, and the local address to put in Via
// and Contact worked out once (the address the kernel routes toward the server from).
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
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
