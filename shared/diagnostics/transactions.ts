// Groups requests and responses into transactions. RFC 3261 §17.1.3: a response matches a client
// transaction when the branch of its top Via and its CSeq method equal the request's. Requests
// that repeat a transaction's key are retransmissions (§17.1.1.2, §17.1.2.2). Messages without a
// branch (RFC 2543 peers, damaged Vias) fall back to Call-ID + CSeq + From tag.
// A capture of both legs through a proxy holds each request once per hop: relays.ts links those
// copies, and `transactions` lists each request once (its first hop); the copies on later hops are
// in `relayed`, so one message on several hops is one event.
import { linkRelays } from './relays';
import type { TraceMessage } from './trace-model';
import { fromTag, topVia } from './sip-values';

export interface Transaction {
  readonly id: number;
  /** The request method (CSeq method when the start line is unreadable). */
  readonly method: string;
  readonly callId: string;
  readonly cseq: number;
  readonly branch?: string;
  readonly fromTag?: string;
  /** Every copy of the request in trace order; [0] is the first one seen. */
  readonly requests: readonly TraceMessage[];
  readonly responses: readonly TraceMessage[];
  /** The first final (>= 200) response. */
  readonly final?: TraceMessage;
  /** The transaction on the previous hop this request was relayed from (a proxy added a Via). */
  readonly upstream?: Transaction;
  /** The transactions on the next hops, relayed from this one (a forking proxy relays to several). */
  readonly downstream: readonly Transaction[];
}

export interface TransactionSet {
  /** One per request as an event: relayed copies on later hops are in `relayed`. */
  readonly transactions: readonly Transaction[];
  /** Copies of those requests on later hops (each has `upstream`), in trace order. */
  readonly relayed: readonly Transaction[];
  /** ACKs are not transactions of their own (§17.1.1.3 for non-2xx, §13.2.2.4 for 2xx). */
  readonly acks: readonly TraceMessage[];
  /** Responses that match no request in the trace (the capture started late, or another hop). */
  readonly orphanResponses: readonly TraceMessage[];
  /** Transaction (of its own hop) of each request or response message, by message index. */
  readonly byMessage: ReadonlyMap<number, Transaction>;
  /** Transactions (events, not relayed copies) of each Call-ID, in trace order. */
  readonly byCallId: ReadonlyMap<string, readonly Transaction[]>;
}

interface MutableTransaction {
  id: number;
  method: string;
  callId: string;
  cseq: number;
  branch?: string;
  fromTag?: string;
  requests: TraceMessage[];
  responses: TraceMessage[];
  final?: TraceMessage;
  upstream?: MutableTransaction;
  downstream: MutableTransaction[];
}

function strictKey(
  callId: string,
  seq: number,
  method: string,
  branch: string | undefined,
  tag = '',
): string {
  return branch ? `${callId}\n${seq}\n${method}\nb:${branch}` : `${callId}\n${seq}\n${method}\nt:${tag}`;
}

function looseKey(callId: string, seq: number, method: string): string {
  return `${callId}\n${seq}\n${method}`;
}

export function buildTransactions(messages: readonly TraceMessage[]): TransactionSet {
  const transactions: MutableTransaction[] = [];
  const strict = new Map<string, MutableTransaction>();
  const loose = new Map<string, MutableTransaction>();
  const byMessage = new Map<number, Transaction>();
  const acks: TraceMessage[] = [];
  const orphanResponses: TraceMessage[] = [];

  for (const msg of messages) {
    const { doc } = msg;
    if (!doc.callId || !doc.cseq) continue;
    const branch = topVia(msg)?.branch || undefined;
    if (doc.kind === 'request') {
      const method = (doc.method ?? doc.cseq.method).toUpperCase();
      if (method === 'ACK') {
        acks.push(msg);
        continue;
      }
      const key = strictKey(doc.callId, doc.cseq.seq, method, branch, fromTag(msg));
      let tx = strict.get(key);
      if (!tx) {
        tx = {
          id: transactions.length,
          method,
          callId: doc.callId,
          cseq: doc.cseq.seq,
          branch,
          fromTag: fromTag(msg),
          requests: [],
          responses: [],
          downstream: [],
        };
        transactions.push(tx);
        strict.set(key, tx);
        loose.set(looseKey(doc.callId, doc.cseq.seq, method), tx);
      }
      tx.requests.push(msg);
      byMessage.set(msg.index, tx);
    } else if (doc.kind === 'response') {
      const method = doc.cseq.method.toUpperCase();
      const tx =
        strict.get(strictKey(doc.callId, doc.cseq.seq, method, branch, fromTag(msg))) ??
        loose.get(looseKey(doc.callId, doc.cseq.seq, method));
      if (!tx) {
        orphanResponses.push(msg);
        continue;
      }
      tx.responses.push(msg);
      if (!tx.final && (doc.status ?? 0) >= 200) tx.final = msg;
      byMessage.set(msg.index, tx);
    }
  }
  linkRelays(transactions);
  const events = transactions.filter((tx) => tx.upstream === undefined);
  const relayed = transactions.filter((tx) => tx.upstream !== undefined);
  const byCallId = new Map<string, Transaction[]>();
  for (const tx of events) {
    const list = byCallId.get(tx.callId);
    if (list) list.push(tx);
    else byCallId.set(tx.callId, [tx]);
  }
  return { transactions: events, relayed, acks, orphanResponses, byMessage, byCallId };
}

/** Every hop's transaction: the events and their relayed copies, in trace order. */
export function everyHop(set: TransactionSet): readonly Transaction[] {
  if (set.relayed.length === 0) return set.transactions;
  return [...set.transactions, ...set.relayed].sort(
    (a, b) => (a.requests[0]?.index ?? 0) - (b.requests[0]?.index ?? 0),
  );
}

/** The event a hop belongs to: its first hop. */
export function firstHop(tx: Transaction): Transaction {
  let hop = tx;
  while (hop.upstream) hop = hop.upstream;
  return hop;
}

/** The event's hops in path order (first hop, then each relay; a fork's branches in trace order). */
export function hopsOf(tx: Transaction): readonly Transaction[] {
  const out: Transaction[] = [];
  const walk = (t: Transaction): void => {
    out.push(t);
    for (const d of t.downstream) walk(d);
  };
  walk(firstHop(tx));
  return out;
}

/** Copies of the request sent by the same endpoint as the first one (capture duplicates dropped). */
export function retransmittedCopies(tx: Transaction): readonly TraceMessage[] {
  return sameSenderCopies(tx.requests);
}

/** Same sender as the first copy; copies under 1 ms apart are one packet captured twice. */
export function sameSenderCopies(copies: readonly TraceMessage[]): readonly TraceMessage[] {
  const first = copies[0];
  if (!first) return [];
  const out: TraceMessage[] = [first];
  for (const copy of copies.slice(1)) {
    if (!sameEndpoint(copy.src, first.src) || !sameEndpoint(copy.dst, first.dst)) continue;
    const prev = out[out.length - 1];
    if (prev?.tsMicros !== undefined && copy.tsMicros !== undefined && copy.tsMicros - prev.tsMicros < 1000) {
      continue;
    }
    out.push(copy);
  }
  return out;
}

function sameEndpoint(
  a: { readonly address: string; readonly port: number } | undefined,
  b: { readonly address: string; readonly port: number } | undefined,
): boolean {
  if (!a || !b) return a === b;
  return a.address === b.address && a.port === b.port;
}

export function isFinal(msg: TraceMessage): boolean {
  return msg.doc.kind === 'response' && (msg.doc.status ?? 0) >= 200;
}

/**
 * Each relayed copy's original on the previous hop, by message index: a request copy a proxy sent
 * on (§16.6) → the request it received, and a response it passed back (§16.7) → the response it
 * got from the next hop with the same status. 100 Trying is hop-by-hop (§16.7 step 3): never a copy.
 */
export function relayedCopyOf(set: TransactionSet): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  for (const tx of set.relayed) {
    const up = tx.upstream;
    const req = tx.requests[0];
    const upReq = up?.requests[0];
    if (!up || !req || !upReq) continue;
    out.set(req.index, upReq.index);
    for (const back of up.responses) {
      const status = back.doc.status ?? 0;
      if (status <= 100 || out.has(back.index)) continue;
      const origin = tx.responses.find((r) => r.doc.status === status && r.index < back.index);
      if (origin) out.set(back.index, origin.index);
    }
  }
  return out;
}
