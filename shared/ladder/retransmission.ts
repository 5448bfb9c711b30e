// Which rows repeat a message already on the ladder. RFC 3261 §17.1.1.2 / §17.2.1: a UAC resends
// the same request (timer A) and a UAS resends its last response, byte-identical in everything that
// names the transaction: the top Via branch (§8.1.1.7), the CSeq, the method or status, and the
// path. A new transaction differs in one of them; notably the ACK for a 2xx is a new transaction
// with its own branch (§13.2.2.4), and a CANCEL shares the INVITE's branch but not its method
// (§9.1). A repeated 100 Trying answers a repeated INVITE and is a retransmission too.
import type { LadderMessage } from '../ipc/schemas/traces';

/** Flags the later copies only; the first of each transaction stays unmarked. O(n) with one map. */
export function findRetransmissions(messages: readonly LadderMessage[]): boolean[] {
  const seen = new Set<string>();
  return messages.map((m) => {
    const key = transactionKey(m);
    if (key === undefined) return false;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

/** undefined when the message says too little to be compared (garbage, no Call-ID or CSeq). */
export function transactionKey(m: LadderMessage): string | undefined {
  if (!m.parsed || m.callId === undefined || m.cseqSeq === undefined) return undefined;
  const what = m.method !== undefined ? `M${m.method}` : m.status !== undefined ? `S${m.status}` : undefined;
  if (what === undefined) return undefined;
  // One template string, not an array join: this runs for every row of a 20,000-message ladder.
  // An unknown branch only matches another unknown one (RFC 2543 peers send none).
  return `${m.direction}\0${m.transport}\0${m.local.address}\0${m.local.port}\0${m.remote.address}\0${m.remote.port}\0${m.callId}\0${m.cseqSeq}\0${m.cseqMethod ?? ''}\0${what}\0${m.branch ?? ''}`;
}
