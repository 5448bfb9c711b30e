import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

// Ports handed out by this process recently: the OS may return the same ephemeral port again
// right after we close our probe socket, before the peer that is meant to use it has bound it.
const issued = new Set<number>();

function bindUdpEphemeral(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function tcpPortIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function udpPortIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

/** True if `port` can be bound on `host` for both UDP and TCP right now. */
export async function portIsFree(host: string, port: number): Promise<boolean> {
  return (await udpPortIsFree(host, port)) && (await tcpPortIsFree(host, port));
}

/**
 * A UDP port on `host` that is currently free for TCP as well, because Kamailio (and SIP in
 * general) listens on both transports with the same number.
 */
export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindUdpEphemeral(host);
    if (issued.has(port)) continue;
    if (!(await tcpPortIsFree(host, port))) continue;
    issued.add(port);
    return port;
  }
  throw new Error(`could not find a port on ${host} that is free for both UDP and TCP`);
}

/**
 * An even port P with P and P + 2 free for UDP: SIPp binds its audio socket on -mp and a video
 * socket on -mp + 2 (RTCP would use the odd ports between). P to P + 3 are reserved from later calls.
 */
export async function freeMediaPort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = (await bindUdpEphemeral(host)) & ~1;
    if (port + 3 > 65535 || [0, 1, 2, 3].some((d) => issued.has(port + d))) continue;
    if (!(await udpPortIsFree(host, port)) || !(await udpPortIsFree(host, port + 2))) continue;
    for (const d of [0, 1, 2, 3]) issued.add(port + d);
    return port;
  }
  throw new Error(`could not find a free pair of media ports (P, P + 2) on ${host}`);
}
