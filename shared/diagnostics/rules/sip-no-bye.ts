// sip.no-bye: an answered INVITE (a confirmed dialog, RFC 3261 §12) with no BYE (§15) in the
// trace. Often the capture just stopped while the call was up, hence a warning, not an error.
import { capEvidence, startLineEvidence } from '../message-text';
import type { Rule } from '../rule-types';
import { formatInterval } from '../time-format';
import type { Finding } from '../trace-model';
import { at } from './rule-support';

export const sipNoByeRule: Rule = {
  id: 'sip.no-bye',
  title: 'Answered calls end with a BYE',
  run(ctx) {
    const open = ctx.index.calls.filter((c) => c.answer !== undefined && c.bye === undefined);
    if (open.length === 0) return [];
    const first = open[0];
    const answeredAt = first?.answer?.tsMicros;
    const upFor =
      answeredAt !== undefined && ctx.index.endMicros !== undefined
        ? ` (up ${formatInterval(ctx.index.endMicros - answeredAt)} when the trace ends)`
        : '';
    const finding: Finding = {
      rule: 'sip.no-bye',
      severity: 'warning',
      title:
        open.length === 1
          ? `Answered call ${first?.callId ?? ''} has no BYE in the trace${upFor}`
          : `${open.length} answered calls have no BYE in the trace`,
      evidence: capEvidence(open.flatMap((c) => (c.answer ? [startLineEvidence(c.answer)] : []))),
      observed: open
        .slice(0, 5)
        .map((c) => `Call-ID ${c.callId} answered at ${at(ctx, c.answer?.tsMicros)}`)
        .join('; '),
      expected: 'a BYE from either side ending each answered call (RFC 3261 §15)',
      explanation:
        'The call was answered (200 OK) but no BYE ending it appears in the trace. Often the capture simply ' +
        'stopped while the call was still up. If the call really ended, a missing BYE means one side still ' +
        'thinks the call is up: the provider keeps counting it against the channel limit (and may bill it) ' +
        'until a session timer clears it, and the PBX keeps the channel busy.',
      fix:
        'If the trace ended early, capture until both sides hang up. Otherwise check that the BYE can reach the ' +
        "other side: the 200 OK's and the INVITE's Contact must be reachable addresses (see sip.nat), and no " +
        'firewall or SIP ALG may drop in-dialog requests.',
    };
    return [finding];
  },
};
