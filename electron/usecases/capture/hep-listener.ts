// A HEP collector: Kamailio/OpenSIPS siptrace, Asterisk res_hep, FreeSWITCH and heplify send a
// copy of every SIP message they see as HEP over UDP (or HEPv3 over TCP, or TLS when given a
// certificate: agents across the internet); each one lands in a 'capture' run with the addresses
// and time the agent reported. What `sipkit listen-hep` and the app's Capture screen both run.
// Anything that is not HEP carrying SIP is counted by reason, never stored, never fatal.
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { readHep, type DecodedHep } from '../../import/hep/hep-decode';
import { HepStreamFramer } from '../../import/hep/hep-stream-framer';
import type { ImportedMessage } from '../../import/imported-message';
import type { TraceStore } from '../../store/trace-store';
import { CaptureRun, type CaptureCounts } from './capture-run';

export const DEFAULT_HEP_PORT = 9060;

export interface HepListenAddress {
  readonly address: string;
  readonly port: number;
}

export class HepListenError extends Error {
  override readonly name = 'HepListenError';
  constructor(
    message: string,
    readonly usage: boolean = false,
  ) {
    super(message);
  }
}

/** "ADDR:PORT", "[v6]:PORT", "ADDR" (port 9060) or ":PORT" (every address). */
export function parseListenAddress(text: string | undefined): HepListenAddress {
  const t = (text ?? '').trim();
  if (t === '') return { address: '0.0.0.0', port: DEFAULT_HEP_PORT };
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(t) ?? /^([^:]*)(?::(\d+))?$/.exec(t);
  const address = m?.[1] === '' ? '0.0.0.0' : m?.[1];
  if (!m || address === undefined || !net.isIP(address))
    throw new HepListenError(`--listen ${text}: expected ADDRESS[:PORT] with an IP address`, true);
  const port = m[2] === undefined ? DEFAULT_HEP_PORT : Number(m[2]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new HepListenError(`--listen ${text}: the port must be 0-65535`, true);
  return { address, port };
}

export interface HepListenerOptions {
  readonly store: TraceStore;
  readonly listen: HepListenAddress;
  readonly profile: string;
  readonly ring?: number;
  readonly durationS?: number;
  readonly onStoreError?: (message: string) => void;
  /** PEM certificate and key: the stream side speaks TLS instead of plain TCP. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

export interface HepStatus {
  readonly runId: number;
  /** Where it listens (the port the OS gave for port 0), UDP and TCP alike. */
  readonly listening: HepListenAddress;
  /** The stream side: plain TCP, or TLS. */
  readonly stream: 'tcp' | 'tls';
  /** Datagrams and stream packets received, HEP or not (a refused stream counts once). */
  readonly packets: number;
  /** SIP messages of the run in the store now. */
  readonly messages: number;
  readonly counts: CaptureCounts;
  /** Datagrams not stored, by reason (not HEP, damaged, not SIP). */
  readonly ignored: Readonly<Record<string, number>>;
  /** Agents heard from (their source address), at most MAX_AGENTS listed. */
  readonly agents: readonly string[];
}

export interface HepListenerResult extends HepStatus {
  readonly ok: boolean;
  readonly summary: string;
}

export interface HepListener {
  readonly runId: number;
  status(): HepStatus;
  stop(): void;
  /** Never rejects. */
  readonly done: Promise<HepListenerResult>;
}

// A flood of distinct garbage must not grow the reason table or the agent list without bound.
const MAX_REASONS = 32;
const MAX_AGENTS = 32;
/** A big receive buffer rides out bursts (a busy proxy mirrors every message). */
const RECEIVE_BUFFER = 4 * 1024 * 1024;

function listenError(error: NodeJS.ErrnoException, at: HepListenAddress, what: string): HepListenError {
  return new HepListenError(
    error.code === 'EADDRINUSE'
      ? `${at.address}:${at.port} (${what}) is already in use (another HEP collector?): pick another --listen port`
      : error.code === 'EACCES'
        ? `may not listen on port ${at.port}: ports below 1024 need privileges, use 9060`
        : error.code === 'EADDRNOTAVAIL'
          ? `${at.address} is not an address of this machine`
          : `cannot listen on ${at.address}:${at.port} (${what}): ${error.message}`,
    error.code === 'EADDRNOTAVAIL',
  );
}

/** An agent's connection silent this long is closed: a half-open one must not be held forever. */
const STREAM_IDLE_MS = 5 * 60_000;

/**
 * Binds UDP, then TCP (or TLS) on the same port — the port the OS gave UDP when asked for 0 —
 * then creates the run; rejects with a HepListenError (one line) when it cannot bind either.
 */
export async function startHepListener(o: HepListenerOptions): Promise<HepListener> {
  const socket = dgram.createSocket({ type: net.isIPv6(o.listen.address) ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      reject(listenError(error, o.listen, 'UDP'));
    });
    socket.bind(o.listen.port, o.listen.address, () => resolve());
  });
  try {
    socket.setRecvBufferSize(RECEIVE_BUFFER);
  } catch {
    // The system's limit is lower; the default buffer still works.
  }
  const bound = socket.address();
  const listening = { address: bound.address, port: bound.port };
  const onConnection = (conn: net.Socket): void => acceptStream(conn);
  const server = o.tls
    ? tls.createServer({ cert: o.tls.cert, key: o.tls.key }, onConnection)
    : net.createServer(onConnection);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(listenError(error, listening, o.tls ? 'TLS' : 'TCP')),
      );
      server.listen(listening.port, listening.address, () => resolve());
    });
  } catch (error) {
    socket.close();
    throw error;
  }
  const run = new CaptureRun({
    store: o.store,
    run: {
      target: `HEP ${net.isIPv6(listening.address) ? `[${listening.address}]` : listening.address}:${listening.port}`,
      profile: o.profile,
      params: { source: 'hep', listen: listening },
    },
    ...(o.ring !== undefined ? { ring: o.ring } : {}),
    ...(o.onStoreError ? { onStoreError: o.onStoreError } : {}),
  });
  let packets = 0;
  let stopping = false;
  const ignored = new Map<string, number>();
  const agents = new Set<string>();
  const ignore = (reason: string): void => {
    const key = ignored.has(reason) || ignored.size < MAX_REASONS ? reason : 'other';
    ignored.set(key, (ignored.get(key) ?? 0) + 1);
  };
  socket.removeAllListeners('error');
  // A receive error (ICMP for an earlier reply, none here) must not end the listener.
  socket.on('error', () => ignore('socket error'));
  const receive = (packet: Uint8Array, from: string): void => {
    packets++;
    const r = readHep(packet);
    if (!r.ok) return ignore(r.reason);
    if (r.packet.protoType !== 1) return ignore(`HEP protocol type ${r.packet.protoType}, not SIP`);
    if (agents.size < MAX_AGENTS) agents.add(from);
    run.add(toImported(r.packet, packets));
  };
  socket.on('message', (datagram, rinfo) => receive(datagram, rinfo.address));

  const streams = new Set<net.Socket>();
  // Each connection frames its own packets; one that is not HEPv3 is counted once and closed.
  function acceptStream(conn: net.Socket): void {
    if (stopping) return void conn.destroy();
    streams.add(conn);
    const from = (conn.remoteAddress ?? '').replace(/^::ffff:/, '');
    const framer = new HepStreamFramer();
    conn.setTimeout(STREAM_IDLE_MS, () => conn.destroy());
    conn.on('error', () => undefined); // a reset by the agent ends only that connection
    conn.on('close', () => streams.delete(conn));
    conn.on('data', (chunk: Buffer) => {
      const r = framer.push(chunk);
      for (const p of r.packets) receive(p, from);
      if (!r.ok) {
        packets++;
        ignore(r.reason);
        conn.destroy();
      }
    });
  }
  // A TLS handshake that fails (wrong certificate, plain TCP to a TLS port) ends that connection.
  server.on('tlsClientError', () => ignore('TLS handshake failed'));

  const status = (): HepStatus => ({
    runId: run.runId,
    listening,
    stream: o.tls ? 'tls' : 'tcp',
    packets,
    messages: run.held,
    counts: run.counts,
    ignored: Object.fromEntries(ignored),
    agents: [...agents],
  });
  let resolveDone: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveDone = resolve));
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    for (const conn of streams) conn.destroy();
    let open = 2;
    const closedOne = (): void => {
      if (--open === 0) resolveDone();
    };
    server.close(closedOne);
    socket.close(closedOne);
  };
  const timer = o.durationS !== undefined ? setTimeout(stop, o.durationS * 1000) : undefined;
  const done = closed.then((): HepListenerResult => {
    if (timer) clearTimeout(timer);
    run.flush();
    const st = status();
    const notStored = Object.values(st.ignored).reduce((n, c) => n + c, 0);
    const summary =
      `received ${st.packets} HEP packet(s), ${st.messages} SIP message(s) stored` +
      (notStored > 0
        ? `, ${notStored} ignored (${Object.entries(st.ignored)
            .map(([r, c]) => `${c} ${r}`)
            .join('; ')})`
        : '') +
      (st.counts.rotated > 0 ? `; ${st.counts.rotated} older message(s) rotated out of the ring` : '');
    run.finish(true, summary, { packets: st.packets, ignored: st.ignored, agents: st.agents });
    return { ...st, ok: true, summary };
  });
  return { runId: run.runId, status, stop, done };
}

function toImported(p: DecodedHep, packet: number): ImportedMessage {
  return {
    ...(p.tsMicros > 0 ? { tsMicros: p.tsMicros } : {}),
    transport: p.protocol === 6 ? 'tcp' : p.protocol === 17 ? 'udp' : 'unknown',
    src: { address: p.srcAddress, port: p.srcPort },
    dst: { address: p.dstAddress, port: p.dstPort },
    text: Buffer.from(p.payload.buffer, p.payload.byteOffset, p.payload.byteLength).toString('latin1'),
    sourceLine: packet,
  };
}
