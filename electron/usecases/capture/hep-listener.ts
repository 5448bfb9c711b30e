// A HEP collector: Kamailio/OpenSIPS siptrace, Asterisk res_hep, FreeSWITCH and heplify send a
// copy of every SIP message they see as HEP over UDP; each one lands in a 'capture' run with the
// addresses and time the agent reported. What `sipkit listen-hep` and the app's Capture screen
// both run. Anything that is not HEP carrying SIP is counted by reason, never stored, never fatal.
import dgram from 'node:dgram';
import net from 'node:net';
import { readHep, type DecodedHep } from '../../import/hep/hep-decode';
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
}

export interface HepStatus {
  readonly runId: number;
  /** Where it listens (the port the OS gave for port 0). */
  readonly listening: HepListenAddress;
  /** Datagrams received, HEP or not. */
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

/** Binds the socket, then creates the run; rejects with a HepListenError (one line) when it cannot bind. */
export async function startHepListener(o: HepListenerOptions): Promise<HepListener> {
  const socket = dgram.createSocket({ type: net.isIPv6(o.listen.address) ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      reject(
        new HepListenError(
          error.code === 'EADDRINUSE'
            ? `${o.listen.address}:${o.listen.port} is already in use (another HEP collector?): pick another --listen port`
            : error.code === 'EACCES'
              ? `may not listen on port ${o.listen.port}: ports below 1024 need privileges, use 9060`
              : error.code === 'EADDRNOTAVAIL'
                ? `${o.listen.address} is not an address of this machine`
                : `cannot listen on ${o.listen.address}:${o.listen.port}: ${error.message}`,
          error.code === 'EADDRNOTAVAIL',
        ),
      );
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
  const ignored = new Map<string, number>();
  const agents = new Set<string>();
  const ignore = (reason: string): void => {
    const key = ignored.has(reason) || ignored.size < MAX_REASONS ? reason : 'other';
    ignored.set(key, (ignored.get(key) ?? 0) + 1);
  };
  socket.removeAllListeners('error');
  // A receive error (ICMP for an earlier reply, none here) must not end the listener.
  socket.on('error', () => ignore('socket error'));
  socket.on('message', (datagram, rinfo) => {
    packets++;
    const r = readHep(datagram);
    if (!r.ok) return ignore(r.reason);
    if (r.packet.protoType !== 1) return ignore(`HEP protocol type ${r.packet.protoType}, not SIP`);
    if (agents.size < MAX_AGENTS) agents.add(rinfo.address);
    run.add(toImported(r.packet, packets));
  });

  const status = (): HepStatus => ({
    runId: run.runId,
    listening,
    packets,
    messages: run.held,
    counts: run.counts,
    ignored: Object.fromEntries(ignored),
    agents: [...agents],
  });
  let resolveDone: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveDone = resolve));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    socket.close(() => resolveDone());
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
