// sip.no-final-response: a client transaction that never got a final response. RFC 3261 §17.1.1.2
// (Timer B) and §17.1.2.2 (Timer F): the client gives up after 64*T1 = 32 s. A request retransmitted
// into silence means it never arrived or its answers never came back.
import { formatEndpoint } from '../address-scope';
import { capEvidence, describeMessage, headerEvidence, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import { formatInterval } from '../time-format';
import type { Finding, Severity, TraceMessage } from '../trace-model';
import { namedHopLabel } from '../relays';
import { hopsOf, retransmittedCopies, type Transaction } from '../transactions';
import { countNote, groupBy } from './rule-support';

/** 64 * T1 (T1 = 500 ms): Timer B / Timer F. */
export const TIMEOUT_MICROS = 32_000_000;

type Kind = 'silence' | 'silence-trace-ends' | 'provisional-only' | 'answered-other-call-id';

/**
 * A final response that answers this request by its Via branch and CSeq but carries another
 * Call-ID: RFC 3261 §8.2.6.2 has the UAS copy Call-ID, so the sender cannot match it (§17.1.3).
 */
function misaddressedAnswer(ctx: RuleContext, tx: Transaction): TraceMessage | undefined {
  if (!tx.branch) return undefined;
  return orphansByBranch(ctx)
    .get(`${tx.branch}\n${tx.cseq}\n${tx.method}`)
    ?.find((r) => (r.doc.status ?? 0) >= 200 && r.doc.callId !== tx.callId);
}

const orphanIndex = new WeakMap<RuleContext['index'], Map<string, TraceMessage[]>>();

/** Orphan responses by top Via branch, CSeq number and method (built once per analysis). */
function orphansByBranch(ctx: RuleContext): Map<string, TraceMessage[]> {
  let map = orphanIndex.get(ctx.index);
  if (!map) {
    map = new Map();
    for (const r of ctx.index.orphanResponses) {
      const branch = r.doc.vias[0]?.branch;
      if (!branch || !r.doc.cseq) continue;
      const k = `${branch}\n${r.doc.cseq.seq}\n${r.doc.cseq.method.toUpperCase()}`;
      const list = map.get(k);
      if (list) list.push(r);
      else map.set(k, [r]);
    }
    orphanIndex.set(ctx.index, map);
  }
  return map;
}

/** Relayed on: a later hop got a final response that never came back to this one. */
function stuckAtProxy(tx: Transaction): string | undefined {
  const answered = hopsOf(tx).find((h) => h !== tx && h.final !== undefined);
  const proxy = answered?.requests[0]?.src;
  if (!answered?.final || !proxy) return undefined;
  return `${formatEndpoint(proxy)} got ${describeMessage(answered.final)} on the hop ${namedHopLabel(answered)} and did not pass it back`;
}

function kindOf(ctx: RuleContext, tx: Transaction): Kind | undefined {
  if (tx.final) return undefined;
  if (misaddressedAnswer(ctx, tx)) return 'answered-other-call-id';
  if (tx.responses.length > 0) return 'provisional-only';
  const sent = tx.requests[0]?.tsMicros;
  const end = ctx.index.endMicros;
  // Without times (a pasted log) nobody can say whether Timer B/F ran out: do not call it an error.
  if (sent === undefined || end === undefined) return 'silence-trace-ends';
  return end - sent >= TIMEOUT_MICROS ? 'silence' : 'silence-trace-ends';
}

const SEVERITY: Readonly<Record<Kind, Severity>> = {
  silence: 'error',
  'answered-other-call-id': 'warning',
  'silence-trace-ends': 'warning',
  'provisional-only': 'warning',
};

export const sipNoFinalResponseRule: Rule = {
  id: 'sip.no-final-response',
  title: 'Every request gets a final response',
  run(ctx) {
    const open: { tx: Transaction; kind: Kind }[] = [];
    for (const tx of ctx.index.transactions) {
      const kind = kindOf(ctx, tx);
      if (kind) open.push({ tx, kind });
    }
    const groups = groupBy(open, (o) => {
      const dst = o.tx.requests[0]?.dst;
      return `${o.tx.method}\n${dst ? formatEndpoint(dst) : ''}\n${o.kind}`;
    });
    return [...groups.values()].map((list): Finding => {
      const { tx, kind } = list[0] as (typeof open)[number];
      if (kind === 'answered-other-call-id')
        return otherCallIdFinding(
          ctx,
          list.map((o) => o.tx),
        );
      const first = tx.requests[0];
      const dst = first?.dst ? ` to ${formatEndpoint(first.dst)}` : '';
      const copies = retransmittedCopies(tx).length;
      const last = tx.requests[tx.requests.length - 1];
      const span =
        first?.tsMicros !== undefined && last?.tsMicros !== undefined && last !== first
          ? ` over ${formatInterval(last.tsMicros - first.tsMicros)}`
          : '';
      const provisional = tx.responses.map(describeMessage).join(', ');
      const stuck = stuckAtProxy(tx);
      const transport = first?.transport === 'udp' || first?.transport === 'unknown' ? 'UDP ' : '';
      return {
        rule: 'sip.no-final-response',
        severity: SEVERITY[kind],
        title:
          kind === 'provisional-only'
            ? `${tx.method}${dst} got only provisional responses (${provisional}), no final answer${countNote(list.length, 'transaction')}`
            : `${tx.method}${dst} got no response${copies > 1 ? ` (sent ${copies} times${span})` : ''}${countNote(list.length, 'transaction')}`,
        evidence: capEvidence(
          list
            .map((o) => o.tx.requests[0])
            .filter((m) => m !== undefined)
            .map(startLineEvidence),
        ),
        observed:
          (kind === 'provisional-only'
            ? `${provisional} and then nothing`
            : `${copies} ${copies === 1 ? 'copy' : 'copies'} of the request${span}, no response${kind === 'silence-trace-ends' ? ' before the trace ends' : ''}`) +
          (stuck ? `; ${stuck}` : ''),
        expected: 'a final response (2xx–6xx) within 32 s (RFC 3261 §17.1.1.2 Timer B, §17.1.2.2 Timer F)',
        explanation:
          (kind === 'provisional-only'
            ? 'The far end acknowledged the request but never gave a final answer. For an INVITE this is often ' +
              'a phone that rang until the trace stopped; otherwise the final response was lost on the way back ' +
              '(a NAT or firewall that closed the path) or the far end hung.'
            : `The request was sent${copies > 1 ? ` and, as ${transport}requires, repeated on the RFC 3261 timers (after 0.5, 1, 2, 4 s …)` : ''} ` +
              'but nothing came back. Either it never reached the server (wrong address, port or transport, a ' +
              'firewall dropping it) or the answers were lost on the way back (NAT without rport, a firewall that ' +
              'blocks replies).' +
              (kind === 'silence-trace-ends'
                ? ' The trace ends less than 32 s after it (or has no times), so the answer may simply not have been captured.'
                : '')) +
          (stuck ? ` Here the next hop did answer: ${stuck}, so the fault is on that proxy.` : ''),
        fix:
          kind === 'provisional-only'
            ? 'If the call was still ringing when the capture stopped, capture longer. Otherwise check that responses can reach the sender (NAT, firewall, SIP ALG).'
            : `Check the server address and port${dst}, that the transport is the one the server listens on, that the firewall lets the request out and the replies back in, and capture on the WAN side to see whether the request leaves the site.`,
      };
    });
  },
};

function otherCallIdFinding(ctx: RuleContext, txs: readonly Transaction[]): Finding {
  const tx = txs[0] as Transaction;
  const answer = misaddressedAnswer(ctx, tx) as TraceMessage;
  const request = tx.requests[0] as TraceMessage;
  return {
    rule: 'sip.no-final-response',
    severity: 'warning',
    title: `${tx.method} answered ${describeMessage(answer)} with another Call-ID (${answer.doc.callId ?? '?'} instead of ${tx.callId})${countNote(txs.length, 'transaction')}`,
    evidence: capEvidence([
      startLineEvidence(request),
      headerEvidence(request, 'call-id'),
      startLineEvidence(answer),
      headerEvidence(answer, 'call-id'),
    ]),
    observed: `${tx.method} Call-ID ${tx.callId}; its answer (same Via branch and CSeq ${tx.cseq}) Call-ID ${answer.doc.callId ?? '?'}`,
    expected: 'the response copies the Call-ID of the request (RFC 3261 §8.2.6.2)',
    explanation:
      'The far end answered this request, but with the Call-ID of another call, so the sender cannot match the ' +
      `answer: it repeats the ${tx.method} until it gives up. The far end's dialog matching is broken; it may have ` +
      'acted on another call (for a BYE: hung up the wrong one).',
    fix: "Report it to the far end's vendor with this trace: its responses must copy the request's Call-ID.",
  };
}
