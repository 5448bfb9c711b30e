// The call list of a run, like sngrep's: messages grouped by Call-ID, each group summed up as one
// row (first and last time, the first request's method, From and To, its final status, how many
// messages, how many findings point into it). Groups come out in order of their first message.
import type { TraceMessage } from '../../shared/diagnostics/trace-model';
import type { CallSummary, FindingView } from '../../shared/ipc/schemas/traces';
import type { StoredMessage } from '../../shared/trace-types';
import { partyOf } from './call-party';
import { callState } from './call-state';

/** What grouping reads of one message: the store's summary, or the tolerant parse where the strict one failed. */
interface Facts {
  readonly method?: string;
  readonly status?: number;
  readonly cseqSeq?: number;
  readonly cseqMethod?: string;
}

/** The call list's name for keep-alives (shared/sip/keep-alive.ts): hidden with OPTIONS/REGISTER. */
export const KEEP_ALIVE_METHOD = 'KEEP-ALIVE';

/** Challenges answered by a retry with credentials (RFC 3261 §22.2: 401 from a UAS, 407 from a proxy). */
const AUTH_CHALLENGES: ReadonlySet<number> = new Set([401, 407]);
/** Each retry answers one challenge; a trace with more is a loop, and the last status is the answer. */
const MAX_AUTH_ROUNDS = 10;

/** `stored` in capture order; `trace[i]` is `stored[i]` parsed. */
export function summarizeCalls(
  stored: readonly StoredMessage[],
  trace: readonly TraceMessage[],
  findings: readonly FindingView[],
): CallSummary[] {
  const groups = new Map<string, number[]>();
  stored.forEach((m, i) => {
    const key = m.callId ?? '';
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  });
  const counts = findingCounts(findings);
  const facts = (i: number): Facts => factsOf(stored[i]!, trace[i]);
  return [...groups].map(([callId, indices]) => {
    const firstRequest = indices.findIndex((i) => facts(i).method !== undefined);
    const head = indices[Math.max(firstRequest, 0)]!;
    const doc = trace[head]?.doc;
    const groupFacts = indices.map(facts);
    const status = firstRequest < 0 ? undefined : finalStatus(groupFacts, firstRequest);
    const count = counts.get(callId);
    // The group without a Call-ID that holds only keep-alives is named for the noise filter.
    const method = indices.every((i) => trace[i]?.keepAlive !== undefined)
      ? KEEP_ALIVE_METHOD
      : (facts(head).method ?? facts(head).cseqMethod ?? '').toUpperCase();
    const state = callState(method, status, groupFacts);
    return {
      callId,
      firstTsMicros: stored[indices[0]!]!.tsMicros,
      lastTsMicros: latest(stored, indices),
      method,
      from: partyOf(doc?.from, doc?.first('from')),
      to: partyOf(doc?.to, doc?.first('to')),
      ...(status !== undefined ? { status } : {}),
      ...(state !== undefined ? { state } : {}),
      messageCount: indices.length,
      errors: count?.errors ?? 0,
      warnings: count?.warnings ?? 0,
    };
  });
}

/** Capture order is by time, but a group can be large: no spread into Math.max. */
function latest(stored: readonly StoredMessage[], indices: readonly number[]): number {
  let last = -Infinity;
  for (const i of indices) last = Math.max(last, stored[i]!.tsMicros);
  return last;
}

function factsOf(m: StoredMessage, t: TraceMessage | undefined): Facts {
  if (m.parsed || t === undefined) return m;
  const doc = t.doc;
  return {
    method: m.method ?? (doc.kind === 'request' ? doc.method : undefined),
    status: m.status ?? (doc.kind === 'response' ? doc.status : undefined),
    cseqSeq: m.cseqSeq ?? doc.cseq?.seq,
    cseqMethod: m.cseqMethod ?? doc.cseq?.method,
  };
}

/**
 * The highest final status (>= 200) of the first request's transaction, matched by CSeq number and
 * method (RFC 3261 §17.1.3). A 401/407 answered by a retry of the same method with a higher CSeq
 * (§22.2, §8.1.3.5) is followed to the retry's result: a challenged REGISTER that then succeeded is
 * a 200, not a 401. Undefined while no final response has been seen.
 */
export function finalStatus(messages: readonly Facts[], firstRequest: number): number | undefined {
  const first = messages[firstRequest]!;
  const method = (first.cseqMethod ?? first.method ?? '').toUpperCase();
  let seq = first.cseqSeq;
  let status: number | undefined;
  for (let round = 0; round < MAX_AUTH_ROUNDS && seq !== undefined; round++) {
    status = undefined;
    let statusAt = -1;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      if (m.status === undefined || m.status < 200 || m.cseqSeq !== seq) continue;
      if ((m.cseqMethod ?? '').toUpperCase() !== method) continue;
      if (status === undefined || m.status > status) {
        status = m.status;
        statusAt = i;
      }
    }
    if (status === undefined || !AUTH_CHALLENGES.has(status)) return status;
    const challenged = seq;
    const retry = messages.find(
      (m, i) =>
        i > statusAt &&
        m.method?.toUpperCase() === method &&
        m.cseqSeq !== undefined &&
        m.cseqSeq > challenged,
    );
    if (retry === undefined) return status;
    seq = retry.cseqSeq;
  }
  return status;
}

/** Errors and warnings per Call-ID: a finding counts once in each call its evidence points into. */
function findingCounts(findings: readonly FindingView[]): Map<string, { errors: number; warnings: number }> {
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    for (const callId of new Set(f.evidence.map((e) => e.callId ?? ''))) {
      const c = counts.get(callId) ?? { errors: 0, warnings: 0 };
      if (f.severity === 'error') c.errors++;
      else c.warnings++;
      counts.set(callId, c);
    }
  }
  return counts;
}
