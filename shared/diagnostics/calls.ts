// Calls: one per initial INVITE (no To tag, RFC 3261 §12.1), keyed by Call-ID and From tag so a
// retry after a 401/407 challenge (same Call-ID, same From tag, CSeq + 1, §22.2) stays the same
// call. A call lasts from its first INVITE to its BYE, or to the final failure when it was never
// answered; an answered call without BYE lasts to the end of the trace.
import type { CallDirection, EndpointRoles } from './endpoint-roles';
import type { TraceMessage } from './trace-model';
import type { Transaction } from './transactions';
import { fromTag, toTag } from './sip-values';

export interface Call {
  readonly id: number;
  readonly callId: string;
  readonly fromTag?: string;
  /** Initial INVITE transactions: the first and any retry after a challenge. */
  readonly invites: readonly Transaction[];
  /** The first INVITE of the call. */
  readonly invite: TraceMessage;
  readonly direction: CallDirection;
  readonly directionReason: string;
  readonly startMicros?: number;
  /** The first 2xx to an initial INVITE. */
  readonly answer?: TraceMessage;
  /** The final non-2xx response of the last initial INVITE, when the call was never answered. */
  readonly failure?: TraceMessage;
  readonly cancel?: TraceMessage;
  readonly bye?: TraceMessage;
  /** When the call stops counting toward concurrency (see the file comment). */
  readonly endMicros?: number;
  /** Answered with no BYE in the trace. */
  readonly openEnded: boolean;
  /** Every message of the call (same Call-ID, tags consistent), in trace order. */
  readonly messages: readonly TraceMessage[];
}

function belongs(msg: TraceMessage, tag: string | undefined): boolean {
  if (tag === undefined) return true;
  const f = fromTag(msg);
  const t = toTag(msg);
  return f === tag || t === tag || (f === undefined && t === undefined);
}

export function buildCalls(
  messages: readonly TraceMessage[],
  transactions: readonly Transaction[],
  txByCallId: ReadonlyMap<string, readonly Transaction[]>,
  roles: EndpointRoles,
): readonly Call[] {
  const traceEnd = lastTime(messages);
  const byCallId = new Map<string, TraceMessage[]>();
  for (const msg of messages) {
    const id = msg.doc.callId;
    if (id === undefined) continue;
    const list = byCallId.get(id);
    if (list) list.push(msg);
    else byCallId.set(id, [msg]);
  }

  const groups = new Map<string, Transaction[]>();
  const order: string[] = [];
  for (const tx of transactions) {
    const first = tx.requests[0];
    if (tx.method !== 'INVITE' || !first || toTag(first) !== undefined) continue;
    const key = `${tx.callId}\n${tx.fromTag ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(tx);
    else {
      groups.set(key, [tx]);
      order.push(key);
    }
  }

  return order.map((key, id): Call => {
    const invites = groups.get(key) ?? [];
    const firstTx = invites[0] as Transaction;
    const invite = firstTx.requests[0] as TraceMessage;
    const tag = firstTx.fromTag;
    const related = (txByCallId.get(firstTx.callId) ?? []).filter((tx) => {
      const req = tx.requests[0];
      return req !== undefined && belongs(req, tag);
    });
    const callMessages = (byCallId.get(firstTx.callId) ?? []).filter((m) => belongs(m, tag));
    const answer = invites
      .flatMap((tx) => tx.responses)
      .find((r) => (r.doc.status ?? 0) >= 200 && (r.doc.status ?? 0) < 300);
    const lastInvite = invites[invites.length - 1];
    const lastFinal = lastInvite?.final;
    const failure = !answer && lastFinal && (lastFinal.doc.status ?? 0) >= 300 ? lastFinal : undefined;
    const byeTx = related.find((tx) => tx.method === 'BYE');
    const cancelTx = related.find((tx) => tx.method === 'CANCEL');
    const bye = byeTx?.requests[0];
    const cancel = cancelTx?.requests[0];
    const verdict = roles.directionOf(invite);
    let endMicros: number | undefined;
    let openEnded = false;
    if (answer) {
      endMicros = bye?.tsMicros ?? traceEnd;
      openEnded = bye === undefined;
    } else {
      endMicros = failure?.tsMicros ?? lastTime(callMessages);
    }
    return {
      id,
      callId: firstTx.callId,
      fromTag: tag,
      invites,
      invite,
      direction: verdict.direction,
      directionReason: verdict.reason,
      startMicros: invite.tsMicros,
      answer,
      failure,
      cancel,
      bye,
      endMicros,
      openEnded,
      messages: callMessages,
    };
  });
}

function lastTime(messages: readonly TraceMessage[]): number | undefined {
  let last: number | undefined;
  for (const m of messages)
    if (m.tsMicros !== undefined && (last === undefined || m.tsMicros > last)) last = m.tsMicros;
  return last;
}
