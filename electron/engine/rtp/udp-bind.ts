// Binds the RTP socket. RFC 3550 §11: "RTP SHOULD use an even destination port number and the
// corresponding RTCP stream SHOULD use the next higher (odd) destination port number". We send
// no RTCP, but some PBXs and SBCs still assume the pair, so we always bind an even port:
//   - a fixed port when one is given (the caller's choice, even or not);
//   - otherwise from `range`, even ports only, starting at a random one;
//   - otherwise an ephemeral port from the OS, retried until it is even.
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export interface BindOptions {
  readonly address: string;
  readonly port?: number;
  readonly range?: { readonly min: number; readonly max: number };
}

/** The OS hands out odd and even ports alike; 64 tries leave odds of 2^-64 of failing. */
const EPHEMERAL_TRIES = 64;

export async function bindEvenPort(opts: BindOptions): Promise<Socket> {
  if (opts.port !== undefined && opts.port !== 0) return bindOnce(opts.address, opts.port);
  if (opts.range) return bindInRange(opts.address, opts.range);
  for (let i = 0; i < EPHEMERAL_TRIES; i++) {
    const socket = await bindOnce(opts.address, 0);
    if (socket.address().port % 2 === 0) return socket;
    await closeSocket(socket);
  }
  throw new Error(`could not get an even UDP port on ${opts.address} after ${EPHEMERAL_TRIES} tries`);
}

async function bindInRange(address: string, range: { min: number; max: number }): Promise<Socket> {
  const first = range.min + (range.min % 2);
  const count = Math.floor((range.max - first) / 2) + 1;
  if (range.min < 1 || range.max > 65535 || count < 1) {
    throw new Error(`RTP port range ${range.min}-${range.max} holds no even port`);
  }
  const start = Math.floor(Math.random() * count);
  let lastError: unknown;
  for (let i = 0; i < count; i++) {
    const port = first + 2 * ((start + i) % count);
    try {
      return await bindOnce(address, port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      lastError = err;
    }
  }
  throw new Error(
    `every even port in ${range.min}-${range.max} on ${address} is in use (${(lastError as Error | undefined)?.message ?? 'no port tried'})`,
  );
}

function bindOnce(address: string, port: number): Promise<Socket> {
  const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      try {
        socket.close();
      } catch {
        // never bound, nothing to close
      }
      reject(err);
    };
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      // already closed
      resolve();
    }
  });
}
