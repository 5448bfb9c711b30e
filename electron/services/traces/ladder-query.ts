// The messages of the selected calls for the ladder, in capture order, with the findings whose
// evidence is among them. Raw text stays in the store: traces.message fetches it per click.
import type { ResponseOf } from '../../../shared/ipc/contract';
import { MAX_LADDER_MESSAGES, type FindingView } from '../../../shared/ipc/schemas/traces';
import type { StoredMessage } from '../../../shared/trace-types';
import type { TraceStore } from '../../store/trace-store';
import { buildTransactions, relayedCopyOf } from '../../../shared/diagnostics/transactions';
import { toLadderMessage } from '../../analysis/ladder-message';
import { traceFromStored } from '../../analysis/to-trace';

export function ladderOf(
  store: TraceStore,
  runId: number,
  callIds: readonly string[],
  findings: readonly FindingView[],
  max = MAX_LADDER_MESSAGES,
): ResponseOf<'traces.ladder'> {
  const stored: StoredMessage[] = [];
  // The first `max` messages overall are among each call's first `max`; one more tells "truncated".
  const perCall = max + 1;
  for (const callId of new Set(callIds)) {
    // "" is the call list's group of messages without a Call-ID.
    const messages =
      callId === ''
        ? store.messagesWithoutCallId(runId, perCall)
        : store.messagesByCallId(callId, runId, perCall);
    for (const m of messages) stored.push(m);
  }
  // The store's capture order, across calls: time, then arrival.
  stored.sort((a, b) => a.tsMicros - b.tsMicros || a.id - b.id);
  const shown = stored.length > max ? stored.slice(0, max) : stored;
  const ids = new Set(shown.map((m) => m.id));
  const relayOf = relayLinks(shown);
  return {
    messages: shown.map((m) => {
      const lm = toLadderMessage(m);
      const of = relayOf.get(m.id);
      return of === undefined ? lm : { ...lm, relayOf: of };
    }),
    truncated: stored.length > shown.length,
    findings: findings.filter((f) => f.evidence.some((e) => ids.has(e.messageId))),
  };
}

/**
 * Stored id → stored id of the same message on the previous hop, for a capture of several legs
 * through a proxy. A relay needs three parties (sender, proxy, receiver): with fewer endpoints
 * there is nothing to parse for.
 */
function relayLinks(messages: readonly StoredMessage[]): ReadonlyMap<number, number> {
  const endpoints = new Set<string>();
  for (const m of messages) {
    endpoints.add(`${m.local.address}:${m.local.port}`);
    endpoints.add(`${m.remote.address}:${m.remote.port}`);
  }
  const out = new Map<number, number>();
  if (endpoints.size < 3) return out;
  const trace = traceFromStored(messages);
  for (const [copy, original] of relayedCopyOf(buildTransactions(trace))) {
    out.set(messages[copy]!.id, messages[original]!.id);
  }
  return out;
}
