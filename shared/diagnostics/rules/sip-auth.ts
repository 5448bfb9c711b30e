// sip.auth: how a UA answers digest challenges (RFC 3261 §22). Three things an expert looks for
// when a login "fails with the right password":
//  - a slow answer: the retry comes seconds after the 401/407, so the nonce the server handed out
//    has gone stale by then (RFC 2617 §3.2.1 lets a server limit a nonce's life, and §3.3 "stale");
//  - a digest uri that is not the Request-URI (RFC 2617 §3.2.2.5: the server checks they name the
//    same resource, and the response hash covers the uri);
//  - identities that change between the challenged request and its retry: the From user, the
//    digest username, or a realm other than the one challenged (§22.2 reuses the same ones).
// Retries are matched by Call-ID, From tag and CSeq, never by a time window (challenge-retries.ts).
import { formatEndpoint } from '../address-scope';
import {
  answeredChallenges,
  challengeParams,
  credentialParams,
  LATE_ANSWER_MICROS,
  type AnsweredChallenge,
} from '../challenge-retries';
import { capEvidence, describeMessage, headerLines, lineText, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import { readUri } from '../../sip/sip-uri';
import type { Evidence, Finding, Severity, TraceMessage } from '../trace-model';
import { redactAuthorization } from './reg-credentials';
import { countNote, groupBy, plural } from './rule-support';

function senderOf(msg: TraceMessage | undefined): string {
  return msg?.src ? formatEndpoint(msg.src) : 'the UA';
}

function seconds(micros: number): string {
  return `${Math.round(micros / 100_000) / 10} s`;
}

function rejected(a: AnsweredChallenge): boolean {
  const status = a.retry.final?.doc.status ?? 0;
  return status >= 400;
}

function pairEvidence(a: AnsweredChallenge): Evidence[] {
  const out = [a.challenged.final, a.retry.requests[0], a.retry.final].filter(
    (m): m is TraceMessage => m !== undefined,
  );
  return out.map(startLineEvidence);
}

export const sipAuthRule: Rule = {
  id: 'sip.auth',
  title: 'Digest challenges answered promptly, for the Request-URI, with the same identity',
  run(ctx) {
    const answered = answeredChallenges(ctx.index.transactions, ctx.index.byCallId);
    return [...lateAnswers(answered), ...uriMismatches(ctx), ...identityChanges(answered)];
  },
};

function lateAnswers(answered: readonly AnsweredChallenge[]): Finding[] {
  const late = answered.filter((a) => (a.delayMicros ?? 0) >= LATE_ANSWER_MICROS);
  const findings: Finding[] = [];
  for (const [sender, list] of groupBy(late, (a) => senderOf(a.challenged.requests[0]))) {
    const all = answered.filter((a) => senderOf(a.challenged.requests[0]) === sender);
    const delays = list.map((a) => a.delayMicros ?? 0).sort((x, y) => x - y);
    const lo = seconds(delays[0] ?? 0);
    const hi = seconds(delays[delays.length - 1] ?? 0);
    const range = lo === hi ? lo : `${lo.replace(' s', '')}–${hi}`;
    const refused = list.filter(rejected);
    const severity: Severity = refused.length > 0 ? 'error' : 'warning';
    const outcomes = [...groupBy(list, (a) => (a.retry.final ? describeMessage(a.retry.final) : 'no answer'))]
      .map(([what, l]) => `${what}${l.length > 1 ? ` ×${l.length}` : ''}`)
      .join(', ');
    findings.push({
      rule: 'sip.auth',
      severity,
      title:
        `${sender} takes ${range} to answer digest challenges (${list.length} of ${plural(all.length, 'challenge')})` +
        (refused.length > 0
          ? `: its nonce goes stale, ${plural(refused.length, 'retry', 'retries')} refused`
          : ''),
      evidence: capEvidence(list.flatMap(pairEvidence)),
      observed: `from challenge to retry: ${list.map((a) => seconds(a.delayMicros ?? 0)).join(', ')}; the retries were answered ${outcomes}`,
      expected:
        'the retry with credentials right after the 401/407, within a second (RFC 3261 §22.2); a nonce is valid for a limited time only',
      explanation:
        'The server answers a request with a challenge that carries a nonce, a one-time value the credentials ' +
        `must be computed with, and many servers accept a nonce for only a short time. This UA waits ${range} ` +
        'before sending its credentials' +
        (refused.length > 0
          ? ', by which time the nonce has expired: the server refuses the retry ("nonce has changed", stale, ' +
            'or as a wrong password) although the password may be right, and the registration or call fails.'
          : '; it worked here, but a server with a shorter nonce lifetime refuses such late answers.') +
        ' It is not retrying the same request "never": it is slow.',
      fix:
        'Find why the UA is slow to answer: most often it resolves a DNS name (registrar or outbound proxy) before ' +
        'each request and a DNS server does not answer, so it waits for a timeout. Give it a working DNS server or ' +
        "the registrar's IP address, check its CPU load, and update its firmware. A longer nonce lifetime on the " +
        'server (Asterisk, Kamailio auth nonce_expire) hides the problem but does not fix it.',
    });
  }
  return findings;
}

/** scheme:user@host:port in lower case, parameters dropped: what names the resource. */
function resource(text: string): string | undefined {
  const uri = readUri(text.replace(/^<|>$/g, '')).uri;
  if (!uri) return undefined;
  return `${uri.scheme}:${uri.user ? `${uri.user}@` : ''}${uri.host.toLowerCase()}${uri.port !== undefined ? `:${uri.port}` : ''}`;
}

function uriMismatches(ctx: RuleContext): Finding[] {
  const hits: { msg: TraceMessage; uri: string; ruri: string; refused: boolean }[] = [];
  for (const tx of ctx.index.transactions) {
    const msg = tx.requests[0];
    const cred = msg ? credentialParams(msg) : undefined;
    const uri = cred?.get('uri');
    const ruri = msg?.doc.requestUri;
    if (!msg || uri === undefined || ruri === undefined) continue;
    const a = resource(uri);
    const b = resource(ruri);
    if (a === undefined || b === undefined || a === b) continue;
    const status = tx.final?.doc.status ?? 0;
    hits.push({ msg, uri, ruri, refused: status === 401 || status === 407 || status === 403 });
  }
  return [...groupBy(hits, (h) => `${senderOf(h.msg)}\n${h.uri}`).values()].map((list): Finding => {
    const first = list[0] as (typeof hits)[number];
    const refused = list.filter((h) => h.refused).length;
    const ruris = [...new Set(list.map((h) => h.ruri))];
    return {
      rule: 'sip.auth',
      severity: refused > 0 ? 'error' : 'warning',
      title: `Digest uri "${first.uri}" differs from the Request-URI ${ruris.slice(0, 2).join(', ')}${ruris.length > 2 ? ', …' : ''}${countNote(list.length, 'request')}`,
      evidence: capEvidence(
        list.flatMap((h) => {
          const line = [
            ...headerLines(h.msg, 'authorization'),
            ...headerLines(h.msg, 'proxy-authorization'),
          ][0];
          // The credentials line is quoted as exports redact it: response and nonces masked.
          const text = line ? redactAuthorization(lineText(h.msg, line.line) ?? '') : undefined;
          return [startLineEvidence(h.msg), { messageIndex: h.msg.index, line: line?.line, text }];
        }),
      ),
      observed: `uri="${first.uri}" in the credentials of requests to ${ruris.join(', ')}${refused > 0 ? `; ${refused} of ${list.length} refused` : ''}`,
      expected: `uri="${first.ruri}", the Request-URI (RFC 2617 §3.2.2.5, RFC 3261 §22.4)`,
      explanation:
        'The digest response is a hash over the password and the uri the UA names; the server recomputes it with ' +
        'the Request-URI it received and must check both name the same resource. With another uri a strict server ' +
        'refuses the credentials as if the password were wrong; a lenient one accepts them, so the same settings ' +
        'work with one provider and fail with another.',
      fix: "Update the UA's firmware, or check its registrar / outbound proxy / domain settings: the uri usually shows which field it wrongly used.",
    };
  });
}

function identityChanges(answered: readonly AnsweredChallenge[]): Finding[] {
  const hits: { a: AnsweredChallenge; what: string }[] = [];
  for (const a of answered) {
    const first = a.challenged.requests[0];
    const retry = a.retry.requests[0];
    const final = a.challenged.final;
    if (!first || !retry || !final) continue;
    const cred = credentialParams(retry);
    const fromBefore = first.doc.from?.uri?.user;
    const fromAfter = retry.doc.from?.uri?.user;
    if (fromBefore !== undefined && fromAfter !== undefined && fromBefore !== fromAfter) {
      hits.push({ a, what: `From user ${fromBefore} → ${fromAfter}` });
    }
    const realm = challengeParams(final).get('realm');
    const answeredRealm = cred?.get('realm');
    if (realm !== undefined && answeredRealm !== undefined && realm !== answeredRealm) {
      hits.push({ a, what: `realm "${answeredRealm}" answering a challenge for "${realm}"` });
    }
    const earlier = credentialParams(first)?.get('username');
    const now = cred?.get('username');
    if (earlier !== undefined && now !== undefined && earlier !== now) {
      hits.push({ a, what: `digest username ${earlier} → ${now}` });
    }
  }
  return [...groupBy(hits, (h) => `${senderOf(h.a.challenged.requests[0])}\n${h.what}`).values()].map(
    (list): Finding => {
      const first = list[0] as (typeof hits)[number];
      const refused = list.filter((h) => rejected(h.a)).length;
      return {
        rule: 'sip.auth',
        severity: refused > 0 ? 'error' : 'warning',
        title: `${senderOf(first.a.challenged.requests[0])} changes identity when answering a challenge: ${first.what}${countNote(list.length, 'time')}`,
        evidence: capEvidence(list.flatMap((h) => pairEvidence(h.a))),
        observed: first.what,
        expected:
          'the retry repeats the challenged request with the same From, and credentials for the realm challenged (RFC 3261 §22.2, §22.4)',
        explanation:
          'The retry after a challenge must be the same request plus credentials for the realm the server named. ' +
          'A retry under another identity or realm is checked against another account, or against none: the server ' +
          'challenges again or refuses, which looks like a wrong password.',
        fix: 'Check that the account fields of the UA agree: user name, authentication user name and domain/realm (often two accounts or a stale realm are mixed up).',
      };
    },
  );
}
