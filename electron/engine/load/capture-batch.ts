// Captured messages packed for the trip between threads: every raw datagram copied once into one
// buffer that is transferred (not cloned), the summaries as parallel typed arrays. Strings (Call-ID,
// methods, reasons, addresses) go once per batch in a table and each message names them by index:
// a call's seven messages share one Call-ID, and a run has a handful of addresses and methods, so
// the structured clone copies a few hundred strings per batch instead of seven per message (the
// clone on this side and the copies on the other were the batch's largest cost, profiled).
import type { CapturedMessage, Endpoint } from '../../../shared/trace-types';

/** The string fields of a message, in the order of PackedBatch.refs (per message, STRING_FIELDS each). */
const STRING_FIELDS = 7;
const F_CALL_ID = 0;
const F_CSEQ_METHOD = 1;
const F_METHOD = 2;
const F_REASON = 3;
const F_PARSE_ERROR = 4;
const F_REMOTE = 5;
const F_LOCAL = 6;

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
  /**
   * refs[i * 7 + f]: field f of message i (Call-ID, CSeq method, method, reason, parse error,
   * remote address, local address) as 1 + its index in `strings`, or 0 when absent.
   */
  readonly refs: Uint32Array;
  readonly strings: string[];
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
  const refs = new Uint32Array(n * STRING_FIELDS);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string | undefined): number => {
    if (s === undefined) return 0;
    let k = index.get(s);
    if (k === undefined) {
      k = strings.push(s);
      index.set(s, k);
    }
    return k;
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
    const r = i * STRING_FIELDS;
    refs[r + F_CALL_ID] = ref(m.callId);
    refs[r + F_CSEQ_METHOD] = ref(m.cseqMethod);
    refs[r + F_METHOD] = ref(m.method);
    refs[r + F_REASON] = ref(m.reason);
    refs[r + F_PARSE_ERROR] = ref(m.parseError);
    refs[r + F_REMOTE] = ref(m.remote.address);
    refs[r + F_LOCAL] = ref(m.local.address);
  }
  const batch: PackedBatch = {
    bytes: bytes.buffer,
    ends,
    ts,
    flags,
    cseqSeq,
    status,
    remotePort,
    localPort,
    refs,
    strings,
  };
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
      refs.buffer,
    ],
  };
}

/** Calls `each` with every message of the batch, in order; raw bytes are views, not copies. */
export function unpackBatch(b: PackedBatch, each: (m: CapturedMessage) => void): void {
  const all = Buffer.from(b.bytes);
  const str = b.strings;
  const refs = b.refs;
  const text = (k: number): string | undefined => (k === 0 ? undefined : str[k - 1]);
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
    const r = i * STRING_FIELDS;
    const la = str[refs[r + F_LOCAL]! - 1]!;
    const lp = b.localPort[i]!;
    const ra = str[refs[r + F_REMOTE]! - 1]!;
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
      callId: text(refs[r + F_CALL_ID]!),
      cseqSeq: seq >= 0 ? seq : undefined,
      cseqMethod: text(refs[r + F_CSEQ_METHOD]!),
      method: text(refs[r + F_METHOD]!),
      status: status !== 0 ? status : undefined,
      reason: text(refs[r + F_REASON]!),
      parseError: text(refs[r + F_PARSE_ERROR]!),
      raw: all.subarray(start, end),
    });
    start = end;
  }
}
