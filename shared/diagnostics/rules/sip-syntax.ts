// sip.syntax: every line the tolerant parser (shared/sip/tolerant-parse.ts) had to guess at, with
// its line quoted. RFC 3261 §25 is the grammar; §8.1.1 the headers every request must carry. The
// same problem repeated in many messages (retransmissions, every call of a load test) is one
// finding with each message as evidence.
import type { SyntaxProblem } from '../../sip/sip-document';
import { capEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import type { Evidence, Finding, Severity, TraceMessage } from '../trace-model';
import { countNote, groupBy, peerCoped } from './rule-support';

/** Damage here breaks routing or dialog matching; elsewhere a strict peer may still cope. */
const CRITICAL = new Set(['start-line', 'via', 'from', 'to', 'call-id', 'cseq', 'contact', 'max-forwards']);

/**
 * Error means the call or registration fails because of it. A missing Max-Forwards fails nothing
 * (RFC 3261 §16.3 step 3: a proxy lets such a request pass; an ACK is never answered anyway), and
 * damage in an exchange the peer answered normally (not 400) did not fail it.
 */
function severityOf(ctx: RuleContext, list: readonly Occurrence[]): Severity {
  const { problem } = list[0] as Occurrence;
  if (!CRITICAL.has(problem.where)) return 'warning';
  if (problem.where === 'max-forwards' && /has no Max-Forwards/.test(problem.message)) return 'warning';
  // Judged by the exchange the message belongs to: a response copies From, To, Via… from its request.
  const coped = peerCoped(
    ctx,
    list.map((o) => o.msg),
  );
  return coped ? 'warning' : 'error';
}

interface HeaderAdvice {
  readonly expected: string;
  readonly why: string;
  readonly fix: string;
}

const ADVICE: Readonly<Record<string, HeaderAdvice>> = {
  'start-line': {
    expected: 'METHOD sip:user@host SIP/2.0, or SIP/2.0 CODE Reason (RFC 3261 §7.1, §7.2)',
    why: 'The first line says what the message is. A device that cannot read it drops the whole message.',
    fix: 'Correct the PBX setting that builds the Request-URI (dial string, trunk host) so it is a full sip: URI.',
  },
  via: {
    expected: 'Via: SIP/2.0/UDP host:port;branch=z9hG4bK… (RFC 3261 §20.42)',
    why: 'The Via header says where responses must go. Without a host the far end has no address to answer to, so the caller never hears back (or hears back only by luck, through rport).',
    fix: "Set the PBX's bind/external address so it fills in its own address in Via (Asterisk: bind/external_signaling_address on the transport).",
  },
  from: {
    expected: 'From: "Name" <sip:user@host>;tag=… (RFC 3261 §20.20)',
    why: 'The From header names the caller; on an IP-authenticated trunk its host is what the provider matches against the trunk Name. A damaged From can make the provider refuse the call.',
    fix: 'Make the PBX send From: "Name" <sip:number@trunk-name>;tag=… (check the trunk\'s from-user/from-domain settings).',
  },
  to: {
    expected: 'To: <sip:number@host> (RFC 3261 §20.39)',
    why: "The To header names who is called. Written without '<sip:' a strict switch cannot read it and rejects the call with 400 Bad Request.",
    fix: "Make the PBX write To: <sip:number@host> (with '<sip:' and '>'); check custom header or dial-string settings on the trunk.",
  },
  contact: {
    expected: 'Contact: <sip:user@host:port> (RFC 3261 §20.10)',
    why: 'The Contact tells the far end where to send later requests of the call (ACK, BYE, re-INVITE). A Contact with no host or no sip: leaves the far end nowhere to send them: calls connect and then drop, or cannot be hung up.',
    fix: "Set the PBX's external address and contact user so it sends Contact: <sip:user@public-address:port> (Asterisk: external_signaling_address, contact_user).",
  },
  'call-id': {
    expected: 'Call-ID: one word, e.g. a1b2c3@host (RFC 3261 §20.8)',
    why: 'The Call-ID ties every message of a call together; a damaged one breaks matching of responses and BYEs.',
    fix: 'Upgrade or reconfigure the device that writes this Call-ID.',
  },
  cseq: {
    expected: 'CSeq: <number> <METHOD> (RFC 3261 §20.16)',
    why: 'CSeq orders requests and pairs responses with them; when it is unreadable, responses and retransmissions are mismatched.',
    fix: 'Upgrade or reconfigure the device that writes this CSeq.',
  },
  'content-length': {
    expected: 'Content-Length equal to the body size in bytes (RFC 3261 §20.14)',
    why: 'Content-Length tells where the message ends. A wrong value truncates the SDP or, over TCP, corrupts the next message; a body missing from a capture often just means the log cut it off.',
    fix: 'If the trace came from a log that omits bodies, capture with tcpdump/sngrep instead; otherwise fix the device that miscounts.',
  },
  'max-forwards': {
    expected: 'Max-Forwards: 70 on every request (RFC 3261 §8.1.1.6, §20.22)',
    why: 'Max-Forwards stops a request looping between proxies for ever. Without it proxies still relay the request (RFC 3261 §16.3), so calls work, but a routing loop is no longer cut short.',
    fix: 'Update the device or SIP stack that sends requests without Max-Forwards.',
  },
  message: {
    expected: 'lines ending in CRLF, "Name: value" headers, an empty line before the body (RFC 3261 §7)',
    why: 'The message layout is damaged; strict devices may drop the message entirely.',
    fix: 'Capture the message again from the wire (copy-paste and logs often damage line ends); if it is really sent like this, fix the sending device.',
  },
};

const DEFAULT_ADVICE: HeaderAdvice = {
  expected: 'the header as RFC 3261 §25 defines it',
  why: 'A header that does not follow the grammar may be ignored or make a strict device reject the message.',
  fix: 'Correct the PBX setting or custom header that produces this line.',
};

/** Problems another rule already reports with more context (sip.cseq owns the CSeq/method mismatch). */
function ownedElsewhere(p: SyntaxProblem): boolean {
  return p.where === 'cseq' && p.message.includes('differs from the request method');
}

interface Occurrence {
  readonly msg: TraceMessage;
  readonly problem: SyntaxProblem;
}

export const sipSyntaxRule: Rule = {
  id: 'sip.syntax',
  title: 'Every header and start line parses',
  run(ctx) {
    const all: Occurrence[] = [];
    for (const msg of ctx.messages) {
      for (const problem of msg.doc.problems) if (!ownedElsewhere(problem)) all.push({ msg, problem });
    }
    const groups = groupBy(all, (o) => `${o.problem.where}\n${o.problem.message}`);
    return [...groups.values()].map((list): Finding => {
      const { problem } = list[0] as Occurrence;
      const advice = ADVICE[problem.where] ?? DEFAULT_ADVICE;
      const severity = severityOf(ctx, list);
      const evidence: Evidence[] = list.map((o) => ({
        messageIndex: o.msg.index,
        line: o.problem.line,
        text: o.problem.text,
      }));
      return {
        rule: 'sip.syntax',
        severity,
        title: `Line ${problem.line} (${problem.where}): ${problem.message}${countNote(list.length, 'message')}`,
        evidence: capEvidence(evidence),
        observed: problem.text,
        expected: advice.expected,
        explanation: advice.why,
        fix: advice.fix,
      };
    });
  },
};
