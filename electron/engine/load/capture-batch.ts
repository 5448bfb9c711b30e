// Captured messages packed for the trip between threads: every raw datagram copied once into one
// buffer that is transferred (not cloned), the summaries as parallel arrays. Structured-cloning
// 512 message objects with their own buffers and nested addresses cost more than the load engine
// itself at thousands of CPS; this is a few typed arrays and string lists per batch.
import type { CapturedMessage, Endpoint } from '../../../shared/trace-types';

export interface PackedBatch {
  readonly bytes: ArrayBuffer;
  /** ends[i]: where message i's raw bytes end in `bytes` (it starts where i-1 ended). */
  readonly ends: Uint32Array;
  readonly ts: Float64Array;
  /** Bit 0: direction out; bit 1: parsed; bit 2: TCP. */
  readonly flags: Uint8Array;
  readonly cseqSeq: Float64Array;
  readonly status: Uint16Array;
  readonly remotePort: Uint16Array;
  readonly localPort: Uint16Array;
  readonly remoteAddress: string[];
  readonly localAddress: string[];
  readonly callId: (string | null)[];
  readonly cseqMethod: (string | null)[];
  readonly method: (string | null)[];
  readonly reason: (string | null)[];
  readonly parseError: (string | null)[];
}

export function packBatch(messages: readonly CapturedMessage[]): {
  batch: PackedBatch;
  transfer: ArrayBuffer[];
} {
  const n = messages.length;
  let size = 0;
  for (const m of messages) size += m.raw.byteLength;
  const bytes = new Uint8Array(size);
  const ends = new Uint32Array(n);
  const ts = new Float64Array(n);
  const flags = new Uint8Array(n);
  const cseqSeq = new Float64Array(n);
  const status = new Uint16Array(n);
  const remotePort = new Uint16Array(n);
  const localPort = new Uint16Array(n);
  const batch: PackedBatch = {
    bytes: bytes.buffer,
    ends,
    ts,
    flags,
    cseqSeq,
    status,
    remotePort,
    localPort,
    remoteAddress: new Array<string>(n),
    localAddress: new Array<string>(n),
    callId: new Array<string | null>(n),
    cseqMethod: new Array<string | null>(n),
    method: new Array<string | null>(n),
    reason: new Array<string | null>(n),
    parseError: new Array<string | null>(n),
  };
  let off = 0;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    bytes.set(m.raw, off);
    off += m.raw.byteLength;
    ends[i] = off;
    ts[i] = m.tsMicros;
    flags[i] = (m.direction === 'out' ? 1 : 0) | (m.parsed ? 2 : 0) | (m.transport === 'tcp' ? 4 : 0);
    cseqSeq[i] = m.cseqSeq ?? -1;
    status[i] = m.status ?? 0;
    remotePort[i] = m.remote.port;
    localPort[i] = m.local.port;
    batch.remoteAddress[i] = m.remote.address;
    batch.localAddress[i] = m.local.address;
    batch.callId[i] = m.callId ?? null;
    batch.cseqMethod[i] = m.cseqMethod ?? null;
    batch.method[i] = m.method ?? null;
    batch.reason[i] = m.reason ?? null;
    batch.parseError[i] = m.parseError ?? null;
  }
  return {
    batch,
    transfer: [
      bytes.buffer,
      ends.buffer,
      ts.buffer,
      flags.buffer,
      cseqSeq.buffer,
      status.buffer,
      remotePort.buffer,
      localPort.buffer,
    ],
  };
}

/** Calls `each` with every message of the batch, in order; raw bytes are views, not copies. */
export function unpackBatch(b: PackedBatch, each: (m: CapturedMessage) => void): void {
  const all = Buffer.from(b.bytes);
  let start = 0;
  // One endpoint object per run of equal addresses (a load run has a handful, mostly the same
  // two), not one per message, and no key string built per message to find it.
  let local: Endpoint | undefined;
  let remote: Endpoint | undefined;
  for (let i = 0; i < b.ends.length; i++) {
    const end = b.ends[i]!;
    const f = b.flags[i]!;
    const seq = b.cseqSeq[i]!;
    const status = b.status[i]!;
    const la = b.localAddress[i]!;
    const lp = b.localPort[i]!;
    const ra = b.remoteAddress[i]!;
    const rp = b.remotePort[i]!;
    if (local === undefined || local.address !== la || local.port !== lp) local = { address: la, port: lp };
    if (remote === undefined || remote.address !== ra || remote.port !== rp)
      remote = { address: ra, port: rp };
    // One shape for every message: absent fields are undefined (no spread objects per message).
    each({
      tsMicros: b.ts[i]!,
      direction: f & 1 ? 'out' : 'in',
      transport: f & 4 ? 'tcp' : 'udp',
      parsed: (f & 2) !== 0,
      local,
      remote,
      callId: b.callId[i] ?? undefined,
      cseqSeq: seq >= 0 ? seq : undefined,
      cseqMethod: b.cseqMethod[i] ?? undefined,
      method: b.method[i] ?? undefined,
      status: status !== 0 ? status : undefined,
      reason: b.reason[i] ?? undefined,
      parseError: b.parseError[i] ?? undefined,
      raw: all.subarray(start, end),
    });
    start = end;
  }
}
