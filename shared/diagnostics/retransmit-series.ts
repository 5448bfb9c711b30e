// Copies of one message sent again by the same sender: a request repeated on its own hop (RFC 3261
// §17.1.1.2, §17.1.2.2) or a final response to INVITE repeated until the ACK arrives (§13.3.1.4,
// §17.2.1). With both legs of a proxy in the capture, a copy the proxy merely passed on (a
// stateless relay of each request copy; tm relaying each 2xx copy upstream, §16.7 step 5) is the
// same repeat seen on the next hop: it is folded into the series of the hop that sent it first, so
// one repeat is one event and the hop where it started is the one named.
import type { TraceMessage } from './trace-model';
import { hopsOf, sameSenderCopies, type Transaction, type TransactionSet } from './transactions';

export interface RetransmitSeries {
  /** The hop's transaction (the event's first hop, or a relayed copy). */
  readonly tx: Transaction;
  readonly copies: readonly TraceMessage[];
  readonly response: boolean;
  /** Hops the same copies were passed on to, each as its first copy there. */
  readonly relayedTo: readonly TraceMessage[];
  /** The event has copies on more than one hop: say which hop this series is on. */
  readonly multiHop: boolean;
}

/** A relayed copy leaves the proxy this soon after the copy it relays arrived. */
const RELAY_MICROS = 250_000;

/** Every repeat in `relayed` follows a repeat in `source` within RELAY_MICROS. */
function mirrors(source: readonly TraceMessage[], relayed: readonly TraceMessage[]): boolean {
  if (relayed.length < 2 || source.length < relayed.length) return false;
  return relayed.slice(1).every((r) =>
    source.slice(1).some((s) => {
      if (r.tsMicros === undefined || s.tsMicros === undefined) return false;
      const d = r.tsMicros - s.tsMicros;
      return d >= 0 && d <= RELAY_MICROS;
    }),
  );
}

interface Raw {
  readonly tx: Transaction;
  readonly key: string;
  readonly copies: readonly TraceMessage[];
  readonly relayedTo: TraceMessage[];
}

function finalCopies(tx: Transaction): Raw[] {
  const groups = new Map<string, TraceMessage[]>();
  for (const r of tx.responses) {
    if ((r.doc.status ?? 0) < 200) continue;
    const k = `${r.doc.status ?? ''}\n${r.doc.to?.tag ?? ''}`;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return [...groups].map(([key, list]) => ({ tx, key, copies: sameSenderCopies(list), relayedTo: [] }));
}

/**
 * Keeps the series that started a repeat. `next` gives, for a series, the hop its copies were
 * passed on from (upstream for requests, downstream for responses); `order` lists the hops from
 * where copies start.
 */
function fold(order: readonly Raw[], from: (s: Raw) => readonly Raw[]): Raw[] {
  const rep = new Map<Raw, Raw>();
  const kept: Raw[] = [];
  for (const s of order) {
    if (s.copies.length < 2) continue;
    const source = from(s).find((u) => u.key === s.key && rep.has(u) && mirrors(u.copies, s.copies));
    const origin = source ? rep.get(source) : undefined;
    if (origin) {
      if (s.copies[0]) origin.relayedTo.push(s.copies[0]);
      rep.set(s, origin);
      continue;
    }
    rep.set(s, s);
    kept.push(s);
  }
  return kept;
}

function eventSeries(hops: readonly Transaction[]): RetransmitSeries[] {
  const multiHop = hops.length > 1;
  const requests: Raw[] = hops.map((tx) => ({
    tx,
    key: '',
    copies: sameSenderCopies(tx.requests),
    relayedTo: [],
  }));
  // Requests flow downstream, in path order.
  const keptRequests = fold(requests, (s) => requests.filter((u) => u.tx === s.tx.upstream));
  const out: RetransmitSeries[] = keptRequests.map((s) => ({ ...s, response: false, multiHop }));
  if (hops[0]?.method !== 'INVITE') return out;
  // Final responses to INVITE flow upstream: from the last hop back.
  const finals = hops.flatMap(finalCopies).reverse();
  const keptFinals = fold(finals, (s) => finals.filter((d) => d.tx.upstream === s.tx));
  for (const s of keptFinals.reverse()) out.push({ ...s, response: true, multiHop });
  return out;
}

/** Every retransmission series of the trace, one per sender and event. */
export function retransmitSeries(set: TransactionSet): readonly RetransmitSeries[] {
  const out: RetransmitSeries[] = [];
  for (const event of set.transactions) {
    const hops = event.downstream.length > 0 ? hopsOf(event) : [event];
    out.push(...eventSeries(hops));
  }
  return out;
}
