// sip.branch: RFC 3261 §8.1.1.7 "The branch ID inserted by an element compliant with this
// specification MUST always begin with the characters 'z9hG4bK'". Without the magic cookie the
// far end falls back to RFC 2543 transaction matching (§17.2.3), which fails with forking and
// retransmissions; without any branch it cannot match the transaction at all.
import { capEvidence, headerLines, headerLineEvidence, startLineEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import type { Evidence, Finding, TraceMessage } from '../trace-model';
import { everyHop } from '../transactions';
import { countNote } from './rule-support';

interface Bad {
  readonly msg: TraceMessage;
  readonly position: number;
  readonly branch?: string;
  readonly evidence: Evidence;
}

export const sipBranchRule: Rule = {
  id: 'sip.branch',
  title: 'Via branches carry the z9hG4bK magic cookie',
  run(ctx) {
    const bad: Bad[] = [];
    const seen = new Set<string>();
    // Every hop: a proxy's own branch is on the copy it relayed.
    const requests = everyHop(ctx.index)
      .map((tx) => tx.requests[0])
      .filter((m): m is TraceMessage => m !== undefined)
      .concat(ctx.index.acks);
    for (const msg of requests) {
      msg.doc.vias.forEach((via, position) => {
        if (via.branch?.startsWith('z9hG4bK')) return;
        const key = `${position === 0 ? 'top' : 'lower'}\n${via.branch ?? `(none)${msg.index}`}`;
        if (seen.has(key)) return;
        seen.add(key);
        const lines = headerLines(msg, 'via');
        const line = via.branch
          ? lines.find((l) => l.value.includes(via.branch ?? ''))
          : (lines[position] ?? lines[0]);
        bad.push({
          msg,
          position,
          branch: via.branch,
          evidence: line ? headerLineEvidence(msg, line) : startLineEvidence(msg),
        });
      });
    }
    const findings: Finding[] = [];
    const missing = bad.filter((b) => b.branch === undefined);
    const legacy = bad.filter((b) => b.branch !== undefined);
    if (missing.length > 0) {
      findings.push({
        rule: 'sip.branch',
        severity: 'warning',
        title: `Via without a branch parameter${countNote(missing.length, 'request')}`,
        evidence: capEvidence(missing.map((b) => b.evidence)),
        observed: missing[0]?.evidence.text ?? 'Via without ;branch=',
        expected: 'Via: SIP/2.0/UDP host:port;branch=z9hG4bK<unique> (RFC 3261 §8.1.1.7)',
        explanation:
          'The branch parameter on the Via identifies the transaction, so the far end can tell a retransmission ' +
          'from a new request and route the response back. Without it, matching falls back to guesswork and ' +
          'strict servers reject the request.',
        fix: `The ${missing.some((b) => b.position > 0) ? 'device that added the lower Via (a proxy or SBC on the path)' : 'sending device'} is not RFC 3261 compliant: update its firmware or SIP stack.`,
      });
    }
    if (legacy.length > 0) {
      findings.push({
        rule: 'sip.branch',
        severity: 'warning',
        title: `Via branch without the z9hG4bK magic cookie (${legacy[0]?.branch ?? ''})${countNote(legacy.length, 'branch', 'branches')}`,
        evidence: capEvidence(legacy.map((b) => b.evidence)),
        observed: `branch=${legacy[0]?.branch ?? ''}`,
        expected: 'branch=z9hG4bK… (RFC 3261 §8.1.1.7)',
        explanation:
          'RFC 3261 devices start every branch with "z9hG4bK" to say "this branch is unique, match transactions on ' +
          'it". Without it the far end assumes an old RFC 2543 device and matches transactions by Call-ID, CSeq ' +
          'and other headers, which breaks with forking and can make retransmissions look like new calls.',
        fix: `The ${legacy.some((b) => b.position > 0) ? 'device that added the lower Via (a proxy or SBC on the path)' : 'sending device'} uses a pre-2002 SIP stack: update its firmware, or put an SBC in front of it.`,
      });
    }
    return findings;
  },
};
