// sip.cseq: RFC 3261 §8.1.1.5 "The method MUST match that of the request"; §12.2.1.1 requests
// within a dialog carry a CSeq "strictly monotonically increasing and contiguous (increasing-by-one)"
// per direction, and §10.2 the same for REGISTERs with one Call-ID. ACK and CANCEL reuse the
// INVITE's number (§13.2.2.4, §9.1), so they are checked against it instead. A request relayed by a
// proxy over several hops of the capture is one request (transactions.ts): its copies are not
// compared with each other, only checked to carry the same CSeq.
import { capEvidence, headerEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import type { Evidence, Finding, TraceMessage } from '../trace-model';
import { countNote, groupBy } from './rule-support';
import { hopLabel } from '../relays';

export const sipCseqRule: Rule = {
  id: 'sip.cseq',
  title: 'CSeq increases within a dialog and names the request method',
  run(ctx) {
    const findings: Finding[] = [];
    const firstCopies = ctx.index.transactions
      .map((tx) => tx.requests[0])
      .filter((m): m is TraceMessage => m !== undefined);

    const mismatched = [...firstCopies, ...ctx.index.acks].filter(
      (m) => m.doc.method !== undefined && m.doc.cseq !== undefined && m.doc.cseq.method !== m.doc.method,
    );
    for (const list of groupBy(
      mismatched,
      (m) => `${m.doc.method ?? ''}\n${m.doc.cseq?.method ?? ''}`,
    ).values()) {
      const first = list[0] as TraceMessage;
      findings.push({
        rule: 'sip.cseq',
        severity: 'error',
        title: `${first.doc.method ?? ''} request with CSeq method ${first.doc.cseq?.method ?? ''}`,
        evidence: capEvidence(list.map((m) => headerEvidence(m, 'cseq'))),
        observed: `CSeq: ${first.doc.cseq?.seq ?? ''} ${first.doc.cseq?.method ?? ''} on a ${first.doc.method ?? ''}`,
        expected: `CSeq: ${first.doc.cseq?.seq ?? 'n'} ${first.doc.method ?? ''} (RFC 3261 §8.1.1.5)`,
        explanation:
          'The CSeq header pairs responses with requests by number and method. When its method differs from the ' +
          "request's, responses cannot be matched: the request is retransmitted until it times out, or refused with 400.",
        fix: 'The sending device is not RFC 3261 compliant here: update its firmware or SIP stack.',
      });
    }

    // Per Call-ID and sender's From tag: each new request (not ACK/CANCEL) must have a higher CSeq.
    const sequenced = firstCopies.filter((m) => m.doc.method !== 'CANCEL' && m.doc.cseq !== undefined);
    for (const list of groupBy(
      sequenced,
      (m) => `${m.doc.callId ?? ''}\n${m.doc.from?.tag ?? ''}`,
    ).values()) {
      let previous: TraceMessage | undefined;
      const bad: { prev: TraceMessage; next: TraceMessage }[] = [];
      for (const m of list) {
        if (previous && (m.doc.cseq?.seq ?? 0) <= (previous.doc.cseq?.seq ?? 0))
          bad.push({ prev: previous, next: m });
        if (!previous || (m.doc.cseq?.seq ?? 0) > (previous.doc.cseq?.seq ?? 0)) previous = m;
      }
      const first = bad[0];
      if (!first) continue;
      const evidence: Evidence[] = bad.flatMap((b) => [
        headerEvidence(b.prev, 'cseq'),
        headerEvidence(b.next, 'cseq'),
      ]);
      findings.push({
        rule: 'sip.cseq',
        severity: 'warning',
        title: `CSeq did not increase: ${first.next.doc.method ?? ''} with CSeq ${first.next.doc.cseq?.seq ?? ''} after ${first.prev.doc.method ?? ''} with ${first.prev.doc.cseq?.seq ?? ''} (Call-ID ${first.next.doc.callId ?? ''})`,
        evidence: capEvidence(evidence),
        observed: bad
          .map(
            (b) =>
              `${b.prev.doc.cseq?.seq ?? ''} ${b.prev.doc.method ?? ''} → ${b.next.doc.cseq?.seq ?? ''} ${b.next.doc.method ?? ''}`,
          )
          .join('; '),
        expected:
          'each new request from one side of a call (or one registration Call-ID) with a higher CSeq (RFC 3261 §12.2.1.1, §10.2)',
        explanation:
          'Each side numbers its requests within a call with CSeq, one higher every time. A request that reuses or ' +
          'lowers the number looks like an old or repeated request: the far end answers 500 or ignores it, so a ' +
          'BYE, re-INVITE or authenticated retry can fail.',
        fix: 'The sending device is not RFC 3261 compliant here: update its firmware or SIP stack.',
      });
    }

    // A proxy passes CSeq on unchanged (RFC 3261 §16.6: it copies the request and touches only
    // Request-URI, Via, Max-Forwards, Route and Record-Route): a relayed copy with another number
    // names the hop that broke it.
    const changed = ctx.index.relayed.filter(
      (tx) => tx.upstream !== undefined && tx.upstream.cseq !== tx.cseq && tx.method !== 'CANCEL',
    );
    for (const tx of changed.slice(0, 1)) {
      const up = tx.upstream?.requests[0] as TraceMessage;
      const down = tx.requests[0] as TraceMessage;
      findings.push({
        rule: 'sip.cseq',
        severity: 'warning',
        title: `${tx.method} relayed with CSeq ${tx.cseq} after arriving with CSeq ${tx.upstream?.cseq ?? ''}: ${hopLabel(down)} changed it${countNote(changed.length, 'request')}`,
        evidence: capEvidence(
          changed.flatMap((t) => [
            headerEvidence(t.upstream?.requests[0] as TraceMessage, 'cseq'),
            headerEvidence(t.requests[0] as TraceMessage, 'cseq'),
          ]),
        ),
        observed: `CSeq ${tx.upstream?.cseq ?? ''} on the hop ${hopLabel(up)}, ${tx.cseq} on the hop ${hopLabel(down)}`,
        expected: 'the same CSeq on every hop a proxy relays the request over (RFC 3261 §16.6)',
        explanation:
          'The Via stack shows this is the same request passed on by a proxy, yet its CSeq changed on the way. ' +
          'Responses carry the CSeq back, so the caller may not match them to its request; a device that ' +
          'renumbers requests must act as a B2BUA (new Call-ID and Via) instead.',
        fix: `Check the element sending on the hop ${hopLabel(down)} (its header manipulation or topology-hiding settings).`,
      });
    }

    // ACKs must carry the CSeq number of the INVITE they acknowledge.
    const invites = new Set(
      firstCopies
        .filter((m) => m.doc.method === 'INVITE')
        .map((m) => `${m.doc.callId ?? ''}\n${m.doc.cseq?.seq ?? ''}`),
    );
    const callIdsWithInvite = new Set(
      firstCopies.filter((m) => m.doc.method === 'INVITE').map((m) => m.doc.callId),
    );
    const strayAcks = ctx.index.acks.filter(
      (a) =>
        a.doc.cseq !== undefined &&
        callIdsWithInvite.has(a.doc.callId) &&
        !invites.has(`${a.doc.callId ?? ''}\n${a.doc.cseq.seq}`),
    );
    if (strayAcks.length > 0) {
      const first = strayAcks[0] as TraceMessage;
      findings.push({
        rule: 'sip.cseq',
        severity: 'warning',
        title: `ACK with CSeq ${first.doc.cseq?.seq ?? ''} matches no INVITE of its call`,
        evidence: capEvidence(strayAcks.map((a) => headerEvidence(a, 'cseq'))),
        observed: `ACK CSeq ${first.doc.cseq?.seq ?? ''}`,
        expected:
          'the CSeq number of the INVITE being acknowledged, with method ACK (RFC 3261 §13.2.2.4, §17.1.1.3)',
        explanation:
          'An ACK confirms an INVITE and must repeat its CSeq number. With another number the far end does not ' +
          'recognise it, keeps retransmitting its 200 OK and finally drops the call after about 32 seconds.',
        fix: 'The sending device is not RFC 3261 compliant here: update its firmware or SIP stack.',
      });
    }
    return findings;
  },
};
