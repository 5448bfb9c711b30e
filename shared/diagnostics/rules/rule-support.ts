// Small shared pieces of rule code: time stamps relative to the trace, counting words, grouping.
import { formatAt } from '../time-format';
import type { RuleContext } from '../rule-types';
import type { TraceMessage } from '../trace-model';

export function at(ctx: RuleContext, micros: number | undefined): string {
  return formatAt(micros, ctx.index.startMicros);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Groups items by a key, keeping first-seen order of the keys. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** " (3 calls)" or "" for one. */
export function countNote(n: number, one: string, many = `${one}s`): string {
  return n > 1 ? ` (${plural(n, one, many)})` : '';
}

/**
 * The final status of the exchange a message belongs to: its transaction's, or for an ACK the
 * INVITE's it acknowledges (same Call-ID and CSeq number). Undefined when it got none.
 */
export function exchangeStatus(ctx: RuleContext, msg: TraceMessage): number | undefined {
  const d = msg.doc;
  const tx =
    ctx.index.byMessage.get(msg.index) ??
    (d.method === 'ACK' && d.callId !== undefined
      ? ctx.index.byCallId.get(d.callId)?.find((t) => t.method === 'INVITE' && t.cseq === d.cseq?.seq)
      : undefined);
  return tx?.final?.doc.status;
}

/** The far end answered every one of these normally (not 400 Bad Request): it coped with them. */
export function peerCoped(ctx: RuleContext, messages: readonly TraceMessage[]): boolean {
  return messages.every((m) => {
    const status = exchangeStatus(ctx, m);
    return status !== undefined && status !== 400;
  });
}
