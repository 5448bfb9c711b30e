// Sends captured messages to a Homer (HEPv3) collector over UDP: a whole stored run (`sipkit hep`,
// the Export menu) or live capture as it happens (hepCaptureSink). UDP because that is what every
// HEP collector listens on by default (9060) and what captagent sends.
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { CapturedMessage, StoredMessage } from '../../shared/trace-types';
import type { CaptureSink } from '../engine/transport/capture-sink';
import { encodeHep, type HepOptions } from './hep-encode';

export class HepError extends Error {
  override readonly name = 'HepError';
}

export interface HepTarget {
  readonly host: string;
  readonly port: number;
}

/** "HOST:PORT", "[v6]:PORT" or "HOST" (port 9060, Homer's default). */
export function parseHepTarget(text: string): HepTarget {
  const t = text.trim();
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(t) ?? /^([^:]+)(?::(\d+))?$/.exec(t);
  if (!m || !m[1]) throw new HepError(`HEP target ${JSON.stringify(text)}: expected HOST:PORT`);
  const port = m[2] === undefined ? 9060 : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new HepError(`HEP target ${JSON.stringify(text)}: the port must be 1-65535`);
  return { host: m[1], port };
}

async function resolve(target: HepTarget): Promise<{ address: string; family: 4 | 6 }> {
  if (net.isIP(target.host)) return { address: target.host, family: net.isIPv6(target.host) ? 6 : 4 };
  try {
    const r = await lookup(target.host);
    return { address: r.address, family: r.family === 6 ? 6 : 4 };
  } catch {
    throw new HepError(`HEP target ${target.host}: the name does not resolve`);
  }
}

/** Messages per burst before yielding to the event loop, so a collector's socket buffer keeps up. */
const BURST = 64;

/** Sends every message, in order, one HEP packet each; resolves with the count sent. */
export async function sendHep(
  messages: readonly StoredMessage[],
  to: HepTarget,
  opts: HepOptions & { onProgress?: (sent: number) => void } = {},
): Promise<number> {
  const { address, family } = await resolve(to);
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  let failure: Error | undefined;
  socket.on('error', (err) => {
    failure = err;
  });
  try {
    let sent = 0;
    for (const m of messages) {
      const packet = encodeHep(m, opts);
      await new Promise<void>((res, rej) =>
        socket.send(packet, to.port, address, (err) =>
          err ? rej(new HepError(`HEP send to ${address}:${to.port} failed: ${err.message}`)) : res(),
        ),
      );
      if (failure) throw new HepError(`HEP send to ${address}:${to.port} failed: ${failure.message}`);
      sent++;
      if (sent % BURST === 0) {
        opts.onProgress?.(sent);
        await new Promise((r) => setImmediate(r));
      }
    }
    opts.onProgress?.(sent);
    return sent;
  } finally {
    socket.close();
  }
}

export interface HepStream extends CaptureSink {
  /** Packets sent so far, and dropped (socket errors; capture itself never fails because of HEP). */
  stats(): { sent: number; failed: number };
  /** Waits (a second at most) for queued packets to leave, then closes the socket. */
  close(): Promise<void>;
}

/**
 * A capture sink that mirrors every message to a HEP collector as it is captured. Errors are
 * counted, never thrown: the engine's capture path must not break because Homer is down.
 */
export async function hepCaptureSink(to: HepTarget, opts: HepOptions = {}): Promise<HepStream> {
  const { address, family } = await resolve(to);
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  let sent = 0;
  let failed = 0;
  let pending = 0;
  socket.on('error', () => {
    failed++;
  });
  return {
    capture(m: CapturedMessage) {
      try {
        pending++;
        socket.send(encodeHep(m, opts), to.port, address, (err) => {
          pending--;
          if (err) failed++;
          else sent++;
        });
      } catch {
        pending--;
        failed++;
      }
    },
    stats: () => ({ sent, failed }),
    async close() {
      for (let waited = 0; pending > 0 && waited < 1000; waited += 10)
        await new Promise((r) => setTimeout(r, 10));
      try {
        socket.close();
      } catch {
        // already closed
      }
    },
  };
}
