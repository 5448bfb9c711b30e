// sip.failure-response: every 4xx–6xx final response, explained in plain words with its Warning
// (RFC 3261 §20.43), Retry-After (§20.33) and Reason (RFC 3326). Severity by class: 4xx warning
// (the request as sent was refused), 5xx error (a server failed), 6xx warning (a global answer
// from the called side). Answered digest challenges are the normal login dance and are left out;
// a 429 to REGISTER is reported by reg.429 with its timeline. A challenge is answered when a retry
// with credentials follows however late (challenge-retries.ts); a slow answer and what it costs
// (a stale nonce) is sip.auth's to report.
import { capEvidence, firstHeaderLine, headerLineEvidence, startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import { challengeRetry, LATE_ANSWER_MICROS } from '../challenge-retries';
import { hasCredentials, parseCredentials } from '../sip-values';
import { explainStatus } from '../status-explanations';
import type { Evidence, Finding, Severity, TraceMessage } from '../trace-model';
import { hopsOf, type Transaction } from '../transactions';
import { formatEndpoint } from '../address-scope';
import { namedHopLabel } from '../relays';
import { countNote, groupBy } from './rule-support';

/** A 423 retry with a longer expiry comes at once; later, it is a new registration. */
const INTERVAL_RETRY_WINDOW_MICROS = 32_000_000;

type Kind =
  | 'plain'
  | 'challenge-unanswered'
  | 'credentials-rejected'
  | 'cancelled'
  | 'interval-retried'
  | 't38-fallback'
  | 't38-refused';

/** SDP offering fax relay: m=image … udptl t38 (ITU-T T.38 Annex D). */
function offersT38(msg: TraceMessage | undefined): boolean {
  return /^m=image\s+\d+\s+udptl\s+t38/im.test(msg?.doc.body ?? '');
}

function offersAudioOnly(msg: TraceMessage | undefined): boolean {
  const body = msg?.doc.body ?? '';
  return /^m=audio\s/im.test(body) && !/^m=image\s/im.test(body);
}

/** A re-INVITE offering T.38 refused: did a later audio re-INVITE of the call succeed? */
function t38Kind(ctx: RuleContext, tx: Transaction): Kind | undefined {
  const req = tx.requests[0];
  if (tx.method !== 'INVITE' || !req?.doc.to?.tag || !offersT38(req)) return undefined;
  const fellBack = (ctx.index.byCallId.get(tx.callId) ?? []).some((other) => {
    const r = other.requests[0];
    const status = other.final?.doc.status ?? 0;
    return (
      other.id > tx.id &&
      other.method === 'INVITE' &&
      r?.doc.to?.tag !== undefined &&
      offersAudioOnly(r) &&
      status >= 200 &&
      status < 300
    );
  });
  return fellBack ? 't38-fallback' : 't38-refused';
}

function laterRetry(ctx: RuleContext, tx: Transaction): Transaction | undefined {
  const final = tx.final;
  return (ctx.index.byCallId.get(tx.callId) ?? []).find((other) => {
    const req = other.requests[0];
    if (
      other.id <= tx.id ||
      other.callId !== tx.callId ||
      other.method !== tx.method ||
      other.cseq <= tx.cseq ||
      !req
    ) {
      return false;
    }
    const t0 = final?.tsMicros;
    return (
      t0 === undefined || req.tsMicros === undefined || req.tsMicros - t0 <= INTERVAL_RETRY_WINDOW_MICROS
    );
  });
}

function answeredLate(ctx: RuleContext, tx: Transaction): boolean {
  const sent = tx.requests[0]?.tsMicros;
  return (ctx.index.byCallId.get(tx.callId) ?? []).some((prev) => {
    const at = prev.final?.tsMicros;
    return (
      prev.id < tx.id &&
      at !== undefined &&
      sent !== undefined &&
      sent - at >= LATE_ANSWER_MICROS &&
      challengeRetry(prev, [tx]) === tx
    );
  });
}

function staleChallenge(final: TraceMessage): boolean {
  const value = final.doc.first('www-authenticate') ?? final.doc.first('proxy-authenticate') ?? '';
  return parseCredentials(value).params.get('stale')?.toLowerCase() === 'true';
}

/** Undefined: not worth a finding (an answered challenge, a 429 to REGISTER). */
function kindOf(ctx: RuleContext, tx: Transaction, final: TraceMessage): Kind | undefined {
  const status = final.doc.status ?? 0;
  if (status === 401 || status === 407) {
    const request = tx.requests[0];
    if (request && hasCredentials(request) && !staleChallenge(final)) {
      // Rejected because the UA answered the previous challenge too late: sip.auth says so.
      return answeredLate(ctx, tx) ? undefined : 'credentials-rejected';
    }
    if (challengeRetry(tx, ctx.index.byCallId.get(tx.callId) ?? [])) return undefined;
    return 'challenge-unanswered';
  }
  if (status === 429 && tx.method === 'REGISTER') return undefined;
  const t38 = t38Kind(ctx, tx);
  if (t38) return t38;
  if (
    status === 487 &&
    ctx.index.transactions.some((t) => t.method === 'CANCEL' && t.callId === tx.callId && t.cseq === tx.cseq)
  ) {
    return 'cancelled';
  }
  if (status === 423 && laterRetry(ctx, tx)) return 'interval-retried';
  return 'plain';
}

function severityOf(status: number, kind: Kind): Severity {
  if (kind === 'cancelled' || kind === 'interval-retried' || kind === 't38-fallback') return 'info';
  // The call goes on in audio; only the fax may fail.
  if (kind === 't38-refused') return 'warning';
  if (kind === 'credentials-rejected') return 'error';
  return status >= 500 && status < 600 ? 'error' : 'warning';
}

/**
 * With the request relayed over several hops of the capture: which element answered (the last hop
 * whose final response has this status) and which passed the answer back. "" on one hop.
 */
function answeredBy(tx: Transaction, final: TraceMessage): string {
  if (tx.downstream.length === 0) return '';
  const status = final.doc.status;
  const hops = hopsOf(tx).filter((h) => h.final?.doc.status === status);
  const origin = hops[hops.length - 1]?.final;
  if (!origin?.src) return '';
  const by = formatEndpoint(origin.src);
  const passers = hops
    .slice(0, -1)
    .map((h) => h.final?.src)
    .filter((e): e is NonNullable<typeof e> => e !== undefined)
    .map(formatEndpoint);
  const hop = namedHopLabel(hops[hops.length - 1]!);
  return `; answered by ${by} on the hop ${hop}${passers.length > 0 ? `, passed back by ${[...new Set(passers)].join(', ')}` : ''}`;
}

function extras(final: TraceMessage): { text: string; evidence: Evidence[] } {
  const parts: string[] = [];
  const evidence: Evidence[] = [];
  for (const name of ['warning', 'retry-after', 'reason', 'min-expires']) {
    const line = firstHeaderLine(final, name);
    if (!line) continue;
    parts.push(`${line.rawName}: ${line.value}`);
    evidence.push(headerLineEvidence(final, line));
  }
  return { text: parts.join('; '), evidence };
}

export const sipFailureResponseRule: Rule = {
  id: 'sip.failure-response',
  title: '4xx–6xx responses explained',
  run(ctx) {
    const hits: { tx: Transaction; final: TraceMessage; kind: Kind }[] = [];
    for (const tx of ctx.index.transactions) {
      const final = tx.final;
      const status = final?.doc.status ?? 0;
      if (!final || status < 400 || status > 699) continue;
      const kind = kindOf(ctx, tx, final);
      if (kind) hits.push({ tx, final, kind });
    }
    const groups = groupBy(
      hits,
      (h) =>
        `${h.tx.method}\n${h.final.doc.status ?? ''}\n${h.final.doc.reason ?? ''}\n${h.final.doc.first('warning') ?? ''}\n${h.kind}`,
    );
    return [...groups.values()].map((list): Finding => {
      const { tx, final, kind } = list[0] as (typeof hits)[number];
      const status = final.doc.status ?? 0;
      const plain = explainStatus(status);
      const more = extras(final);
      const retryAfter = final.doc.first('retry-after');
      const what = `${status}${final.doc.reason ? ` ${final.doc.reason}` : ''}`;
      const evidence = [
        startLineEvidence(final),
        ...more.evidence,
        ...list.slice(1).map((h) => startLineEvidence(h.final)),
      ];
      const base = {
        rule: 'sip.failure-response',
        severity: severityOf(status, kind),
        evidence: capEvidence(evidence),
        observed: `${tx.method} answered ${what}${more.text ? `; ${more.text}` : ''}${answeredBy(tx, final)}`,
      };
      if (kind === 'credentials-rejected') {
        return {
          ...base,
          title: `${tx.method} credentials rejected: ${what} to an authenticated request${countNote(list.length, 'time')}`,
          expected: '2xx once the digest credentials are sent',
          explanation:
            'The device answered the login challenge with its username and password, and the server challenged ' +
            'again: it does not accept them. The password, username or authentication username is wrong, or the ' +
            'realm does not match.',
          fix: 'Re-enter the SIP username, authentication username and password exactly as the provider shows them (copy-paste, no trailing spaces); if they were regenerated, update the PBX.',
        };
      }
      if (kind === 't38-fallback' || kind === 't38-refused') {
        const fellBack = kind === 't38-fallback';
        return {
          ...base,
          title: fellBack
            ? `The far end has no T.38: fax fell back to G.711 (${what} to the T.38 re-INVITE, audio re-INVITE accepted)${countNote(list.length, 'time')}`
            : `The far end refused T.38 (${what} to the re-INVITE offering fax relay)${countNote(list.length, 'time')}`,
          expected: 'a 2xx to the T.38 re-INVITE, or the fax sent over G.711',
          explanation:
            `The fax side asked to switch the call to T.38 fax relay and the far end answered ${what}: it does not ` +
            'support T.38 (or not with these parameters). The call itself goes on' +
            (fellBack
              ? '; it switched back to audio, so the fax travels as G.711 sound. That works on a clean link but ' +
                'fails with packet loss, jitter, voice activity detection or a compressed codec.'
              : ' in audio; no audio re-INVITE followed, so the fax is sent as sound over the codec in use, which ' +
                'fails unless that is G.711 on a clean link.'),
          fix: 'Nothing to fix if the faxes go through. Otherwise enable T.38 at the far end (ask the provider), or keep fax calls on G.711 (PCMU/PCMA) with VAD/comfort noise and echo cancellation off.',
        };
      }
      if (kind === 'challenge-unanswered') {
        return {
          ...base,
          title: `${tx.method} challenged with ${what} and never retried with credentials${countNote(list.length, 'time')}`,
          expected: 'the same request again with an Authorization/Proxy-Authorization header',
          explanation:
            'The server asked for a username and password (a digest challenge) and the device never answered it. ' +
            'Either no credentials are configured for this trunk, the device does not support the digest ' +
            'algorithm asked for, or the trace ended before the retry.',
          fix: 'Configure the SIP credentials (and the outbound authentication for calls) on the PBX trunk.',
        };
      }
      return {
        ...base,
        title: `${tx.method} ${kind === 'cancelled' ? 'ended' : 'refused'}: ${what}${countNote(list.length, 'time')}`,
        expected: kind === 'plain' ? (tx.method === 'INVITE' ? 'a 2xx answer' : 'a 2xx response') : undefined,
        explanation:
          `${what} means ${plain.meaning}.` +
          (more.text ? ` The response says: ${more.text}.` : '') +
          (kind === 'interval-retried' ? ' The device retried with a longer expiry, as it should.' : ''),
        fix:
          plain.fix +
          (retryAfter !== undefined && kind === 'plain'
            ? ` Wait at least the Retry-After time (${retryAfter}) before trying again.`
            : ''),
      };
    });
  },
};
