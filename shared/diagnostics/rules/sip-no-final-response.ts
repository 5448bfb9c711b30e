// sip.no-final-response: a client transaction that never got a final response. RFC 3261 §17.1.1.2
// (Timer B) and §17.1.2.2 (Timer F): the client gives up after 64*T1 = 32 s. A request retransmitted
// into silence means it never arrived or its answers never came back.
import { formatEndpoint } from '../address-scope';
import { capEvidence, describeMessage, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import { formatInterval } from '../time-format';
import type { Finding, Severity } from '../trace-model';
import { retransmittedCopies, type Transaction } from '../transactions';
import { countNote, groupBy } from './rule-support';

/** 64 * T1 (T1 = 500 ms): Timer B / Timer F. */
export const TIMEOUT_MICROS = 32_000_000;

type Kind = 'silence' | 'silence-trace-ends' | 'provisional-only';

function kindOf(ctx: RuleContext, tx: Transaction): Kind | undefined {
  if (tx.final) return undefined;
  if (tx.responses.length > 0) return 'provisional-only';
  const sent = tx.requests[0]?.tsMicros;
  const end = ctx.index.endMicros;
  // Without times (a pasted log) nobody can say whether Timer B/F ran out: do not call it an error.
  if (sent === undefined || end === undefined) return 'silence-trace-ends';
  return end - sent >= TIMEOUT_MICROS ? 'silence' : 'silence-trace-ends';
}

const SEVERITY: Readonly<Record<Kind, Severity>> = {
  silence: 'error',
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
      const first = tx.requests[0];
      const dst = first?.dst ? ` to ${formatEndpoint(first.dst)}` : '';
      const copies = retransmittedCopies(tx).length;
      const last = tx.requests[tx.requests.length - 1];
      const span =
        first?.tsMicros !== undefined && last?.tsMicros !== undefined && last !== first
          ? ` over ${formatInterval(last.tsMicros - first.tsMicros)}`
          : '';
      const provisional = tx.responses.map(describeMessage).join(', ');
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
          kind === 'provisional-only'
            ? `${provisional} and then nothing`
            : `${copies} ${copies === 1 ? 'copy' : 'copies'} of the request${span}, no response${kind === 'silence-trace-ends' ? ' before the trace ends' : ''}`,
        expected: 'a final response (2xx–6xx) within 32 s (RFC 3261 §17.1.1.2 Timer B, §17.1.2.2 Timer F)',
        explanation:
          kind === 'provisional-only'
            ? 'The far end acknowledged the request but never gave a final answer. For an INVITE this is often ' +
              'a phone that rang until the trace stopped; otherwise the final response was lost on the way back ' +
              '(a NAT or firewall that closed the path) or the far end hung.'
            : `The request was sent${copies > 1 ? ` and, as ${transport}requires, repeated on the RFC 3261 timers (after 0.5, 1, 2, 4 s …)` : ''} ` +
              'but nothing came back. Either it never reached the server (wrong address, port or transport, a ' +
              'firewall dropping it) or the answers were lost on the way back (NAT without rport, a firewall that ' +
              'blocks replies).' +
              (kind === 'silence-trace-ends'
                ? ' The trace ends less than 32 s after it (or has no times), so the answer may simply not have been captured.'
                : ''),
        fix:
          kind === 'provisional-only'
            ? 'If the call was still ringing when the capture stopped, capture longer. Otherwise check that responses can reach the sender (NAT, firewall, SIP ALG).'
            : `Check the server address and port${dst}, that the transport is the one the server listens on, that the firewall lets the request out and the replies back in, and capture on the WAN side to see whether the request leaves the site.`,
      };
    });
  },
};
