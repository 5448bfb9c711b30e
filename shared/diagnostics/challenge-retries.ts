// Which request answers a digest challenge. RFC 3261 §22.2: the UAC retries "with the same Call-ID"
// and a CSeq one higher, adding Authorization / Proxy-Authorization built from the challenge's
// nonce; §8.1.3.5 makes the retry a new transaction of the same dialog (same From tag). Matching by
// those identifiers rather than by a time window finds the retry however late it comes: a UA that
// takes 20 s to answer is slow, not silent. A REGISTER is no dialog and some UAs draw a new From tag
// for each one, so for REGISTER the tag is not compared.
import { parseCredentials } from './sip-values';
import type { TraceMessage } from './trace-model';
import type { Transaction } from './transactions';

/** A retry this much later than its challenge is a slow UA (normal ones answer in milliseconds). */
export const LATE_ANSWER_MICROS = 5_000_000;

export function isChallenge(msg: TraceMessage | undefined): boolean {
  const status = msg?.doc.status;
  return status === 401 || status === 407;
}

/** The challenge's parameters (realm, nonce, stale…), lower-case names. */
export function challengeParams(final: TraceMessage): ReadonlyMap<string, string> {
  const value = final.doc.first('www-authenticate') ?? final.doc.first('proxy-authenticate') ?? '';
  return parseCredentials(value).params;
}

/** The credentials' parameters of a request (username, realm, nonce, uri…), or undefined. */
export function credentialParams(msg: TraceMessage): ReadonlyMap<string, string> | undefined {
  const value = msg.doc.first('authorization') ?? msg.doc.first('proxy-authorization');
  return value === undefined ? undefined : parseCredentials(value).params;
}

function sameDialogSide(a: Transaction, b: Transaction): boolean {
  if (a.callId !== b.callId || a.method !== b.method) return false;
  return a.method === 'REGISTER' || a.fromTag === b.fromTag;
}

/**
 * The transaction that answers `tx`'s challenge: a later request of the same Call-ID, method and
 * (outside REGISTER) From tag with credentials, whose nonce is the challenge's or whose CSeq is
 * the next one. `candidates` are the Call-ID's transactions in trace order.
 */
export function challengeRetry(tx: Transaction, candidates: readonly Transaction[]): Transaction | undefined {
  const final = tx.final;
  if (!final || !isChallenge(final)) return undefined;
  const nonce = challengeParams(final).get('nonce');
  const start = tx.requests[0]?.index ?? 0;
  // From tx's own place on: a UA answers a challenge with its next request carrying credentials,
  // so the search stops there (linear over a long registration Call-ID, not quadratic).
  const from = candidates.indexOf(tx);
  for (let i = from < 0 ? 0 : from + 1; i < candidates.length; i++) {
    const other = candidates[i] as Transaction;
    const req = other.requests[0];
    if (other === tx || !req || req.index <= start || !sameDialogSide(tx, other)) continue;
    if (other.cseq <= tx.cseq) continue;
    const cred = credentialParams(req);
    if (!cred) continue;
    const answers = (nonce !== undefined && cred.get('nonce') === nonce) || other.cseq === tx.cseq + 1;
    return answers ? other : undefined;
  }
  return undefined;
}

export interface AnsweredChallenge {
  readonly challenged: Transaction;
  readonly retry: Transaction;
  /** From the challenge's arrival to the retry's first copy; undefined without times. */
  readonly delayMicros?: number;
}

/** Every challenge of the trace with the retry that answered it. */
export function answeredChallenges(
  transactions: readonly Transaction[],
  byCallId: ReadonlyMap<string, readonly Transaction[]>,
): readonly AnsweredChallenge[] {
  const out: AnsweredChallenge[] = [];
  for (const tx of transactions) {
    const retry = challengeRetry(tx, byCallId.get(tx.callId) ?? []);
    if (!retry) continue;
    const t0 = tx.final?.tsMicros;
    const t1 = retry.requests[0]?.tsMicros;
    out.push({
      challenged: tx,
      retry,
      delayMicros: t0 !== undefined && t1 !== undefined ? t1 - t0 : undefined,
    });
  }
  return out;
}
