// Relayed copies: a capture of both legs through a proxy (or an SBC that keeps the Via stack) holds
// each request once per hop. RFC 3261 §16.6 step 8: a proxy forwarding a request pushes its own
// Via, with a new branch, on top of the Via stack it received, and §16.7 step 3 pops it from the
// responses, so the copy on the next hop has one Via more, and its second Via is the previous hop's
// top Via (same branch). Call-ID and method never change through a proxy. A CANCEL is hop-by-hop
// (§16.10): the proxy builds its own with the top Via of the INVITE it relayed, so it is linked
// through that INVITE. An SBC or B2BUA that hides topology replaces the Via stack but may keep
// Call-ID and CSeq: a request with the same Call-ID, CSeq and method sent by the host that had just
// received it is its relayed copy too.
import { formatEndpoint } from './address-scope';
import type { TraceEndpoint, TraceMessage } from './trace-model';

/** The part of a transaction this linking reads and writes. */
export interface RelayLinkable<T extends RelayLinkable<T>> {
  readonly callId: string;
  readonly method: string;
  readonly cseq: number;
  readonly branch?: string;
  readonly requests: readonly TraceMessage[];
  /** Responses on this hop: a proxy's own (its 100 Trying) carry its Server header. */
  readonly responses?: readonly TraceMessage[];
  upstream?: T;
  downstream: T[];
}

function sameEndpoint(a: TraceEndpoint | undefined, b: TraceEndpoint | undefined): boolean {
  if (!a || !b) return false;
  return a.address === b.address && a.port === b.port;
}

function key(callId: string, method: string, branch: string): string {
  return `${callId}\n${method}\n${branch}`;
}

/** Sets upstream/downstream on each transaction that is a relayed copy of another. */
export function linkRelays<T extends RelayLinkable<T>>(transactions: readonly T[]): void {
  const byTopBranch = new Map<string, T>();
  for (const tx of transactions) {
    if (tx.branch) byTopBranch.set(key(tx.callId, tx.method, tx.branch), tx);
  }
  const link = (tx: T, up: T): void => {
    tx.upstream = up;
    up.downstream.push(tx);
  };
  for (const tx of transactions) {
    const req = tx.requests[0];
    const vias = req?.doc.vias ?? [];
    const below = vias[1]?.branch;
    if (!req || vias.length < 2 || !below) continue;
    const up = byTopBranch.get(key(tx.callId, tx.method, below));
    const upReq = up?.requests[0];
    if (!up || up === tx || !upReq || upReq.doc.vias.length !== vias.length - 1) continue;
    // The same packet captured twice (two interfaces) is not a hop.
    if (sameEndpoint(upReq.src, req.src) && sameEndpoint(upReq.dst, req.dst)) continue;
    link(tx, up);
  }
  linkRewrittenVias(transactions, link);
  for (const tx of transactions) {
    if (tx.method !== 'CANCEL' || tx.upstream || !tx.branch) continue;
    const invite = byTopBranch.get(key(tx.callId, 'INVITE', tx.branch));
    const upInvite = invite?.upstream;
    if (!upInvite?.branch) continue;
    const up = byTopBranch.get(key(tx.callId, 'CANCEL', upInvite.branch));
    if (up && up !== tx) link(tx, up);
  }
}

/** A relay passes a request on at once; later, the same numbers are a coincidence. */
const REWRITE_RELAY_MICROS = 2_000_000;

function linkRewrittenVias<T extends RelayLinkable<T>>(
  transactions: readonly T[],
  link: (tx: T, up: T) => void,
): void {
  const byRequest = new Map<string, T[]>();
  for (const tx of transactions) {
    const k = `${tx.callId}\n${tx.cseq}\n${tx.method}`;
    const list = byRequest.get(k);
    if (list) list.push(tx);
    else byRequest.set(k, [tx]);
  }
  for (const list of byRequest.values()) {
    for (const tx of list) {
      const req = tx.requests[0];
      if (tx.upstream || !req?.src || req.tsMicros === undefined) continue;
      const up = list.find((u) => {
        const r = u.requests[0];
        if (u === tx || !r?.dst || r.tsMicros === undefined || r.index >= req.index) return false;
        const wait = (req.tsMicros ?? 0) - r.tsMicros;
        return (
          r.dst.address === req.src?.address &&
          // Another element than the first sender: a UA that reuses a CSeq is not a relay.
          !sameEndpoint(r.src, req.src) &&
          !(r.src?.address === req.dst?.address && r.src?.port === req.dst?.port) &&
          wait >= 0 &&
          wait <= REWRITE_RELAY_MICROS &&
          !descends(u, tx)
        );
      });
      if (up) link(tx, up);
    }
  }
}

function descends<T extends RelayLinkable<T>>(tx: T, ancestor: T): boolean {
  for (let u = tx.upstream; u; u = u.upstream) if (u === ancestor) return true;
  return false;
}

/** "127.0.0.1:5060 → 127.0.0.1:5080": the hop a message travelled, as a person reads it. */
export function hopLabel(msg: TraceMessage | undefined): string {
  if (!msg?.src || !msg.dst) return 'an unknown hop';
  return `${formatEndpoint(msg.src)} → ${formatEndpoint(msg.dst)}`;
}

/** "kamailio (5.7.4 (x86_64/linux))" → "Kamailio": the product an element names itself after. */
function productName(header: string | undefined): string | undefined {
  const word = header?.trim().split(/[\s/(]/)[0];
  return word ? `${word[0]!.toUpperCase()}${word.slice(1)}` : undefined;
}

/** What naming a hop reads of a (linked) transaction. */
export interface HopView {
  readonly requests: readonly TraceMessage[];
  readonly responses?: readonly TraceMessage[];
  readonly upstream?: HopView;
  readonly downstream: readonly HopView[];
}

/** The proxy at `at`, by the Server header of a response it sent on `tx`'s hop, else "proxy". */
function proxyName(tx: HopView, at: TraceEndpoint | undefined): string {
  for (const r of tx.responses ?? []) {
    if (!sameEndpoint(r.src, at)) continue;
    const name = productName(r.doc.first('server'));
    if (name) return name;
  }
  return 'proxy';
}

/**
 * "127.0.0.1:5060 → 127.0.0.1:5080 (Kamailio → UAS)": the hop of one copy of a relayed request,
 * with what stands at each end — the UAC that sent it first, a proxy that relayed it (by its
 * Server header when it gave one), the UAS at the end of the chain. A request seen on one hop
 * only is its bare addresses.
 */
export function namedHopLabel(tx: HopView): string {
  const req = tx.requests[0];
  if (!tx.upstream && tx.downstream.length === 0) return hopLabel(req);
  // The proxy that relayed this copy answered the previous hop from the same socket (§16.6).
  const sender = tx.upstream ? proxyName(tx.upstream, req?.src) : 'UAC';
  const receiver = tx.downstream.length > 0 ? proxyName(tx, req?.dst) : 'UAS';
  return `${hopLabel(req)} (${sender} → ${receiver})`;
}
