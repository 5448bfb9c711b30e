// sip.tags: RFC 3261 §8.1.1.3 "The From field MUST contain a new 'tag' parameter"; §8.2.6.2 the
// UAS MUST add a To tag to its responses (except 100), and §12.1.1 a 2xx to INVITE without one
// cannot establish a dialog: the ACK and BYE cannot be matched to the call.
import { formatEndpoint } from '../address-scope';
import { capEvidence, headerEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import type { Finding, TraceMessage } from '../trace-model';
import { sameSenderCopies } from '../transactions';
import { countNote, groupBy, peerCoped } from './rule-support';

export const sipTagsRule: Rule = {
  id: 'sip.tags',
  title: 'From tags on requests, To tags on 2xx responses',
  run(ctx) {
    const findings: Finding[] = [];
    // First copies only: a retransmission repeats the same From.
    const requests = ctx.index.transactions
      .flatMap((tx) => sameSenderCopies(tx.requests).slice(0, 1))
      .concat(ctx.index.acks)
      .filter((m) => m.doc.from !== undefined && m.doc.from.tag === undefined);
    for (const list of groupBy(
      requests,
      (m) => `${m.doc.method ?? ''}\n${m.src ? formatEndpoint(m.src) : ''}`,
    ).values()) {
      const first = list[0] as TraceMessage;
      // Error only where it failed something: a request the far end answered normally (not 400)
      // shows this far end copes with RFC 2543-style From headers.
      const coped = peerCoped(ctx, list);
      findings.push({
        rule: 'sip.tags',
        severity: coped ? 'warning' : 'error',
        title: `${first.doc.method ?? 'Request'} without a From tag${first.src ? ` from ${formatEndpoint(first.src)}` : ''}${countNote(list.length, 'request')}`,
        evidence: capEvidence(list.map((m) => headerEvidence(m, 'from'))),
        observed: first.doc.first('from') ?? '',
        expected: 'From: … ;tag=<random> (RFC 3261 §8.1.1.3: the From field MUST contain a new tag)',
        explanation:
          'The tag on the From header is half of what identifies a call (with the Call-ID and the To tag). Without ' +
          'it the far end cannot tell this call from another with the same Call-ID and may reject the request ' +
          '(400 Bad Request) or match BYEs and re-INVITEs to the wrong call.',
        fix: 'The sending device is not RFC 3261 compliant here: update its firmware or SIP stack, or put an SBC in front of it.',
      });
    }
    const untagged = ctx.messages.filter(
      (m) =>
        m.doc.kind === 'response' &&
        (m.doc.status ?? 0) >= 200 &&
        (m.doc.status ?? 0) < 300 &&
        m.doc.to !== undefined &&
        m.doc.to.tag === undefined,
    );
    for (const list of groupBy(untagged, (m) => m.doc.cseq?.method.toUpperCase() ?? '').values()) {
      const first = list[0] as TraceMessage;
      const method = first.doc.cseq?.method.toUpperCase() ?? '';
      const invite = method === 'INVITE';
      findings.push({
        rule: 'sip.tags',
        severity: invite ? 'error' : 'warning',
        title: `${first.doc.status ?? ''} to ${method || 'a request'} without a To tag${countNote(list.length, 'response')}`,
        evidence: capEvidence(list.map((m) => headerEvidence(m, 'to'))),
        observed: first.doc.first('to') ?? '',
        expected: 'To: … ;tag=<random> in every response except 100 (RFC 3261 §8.2.6.2, §12.1.1)',
        explanation: invite
          ? 'A 200 OK to an INVITE creates the call (the dialog), identified by Call-ID, From tag and To tag. ' +
            'Without a To tag the caller cannot build the dialog: its ACK and BYE may be rejected with 481, and ' +
            'calls connect but cannot be hung up properly.'
          : 'Every final response should carry a To tag. Missing here, it is harmless for one-off requests like ' +
            'REGISTER or OPTIONS on most devices, but it shows a SIP stack that strict peers may refuse.',
        fix: 'The answering device is not RFC 3261 compliant here: update its firmware or SIP stack, or put an SBC in front of it.',
      });
    }
    return findings;
  },
};
