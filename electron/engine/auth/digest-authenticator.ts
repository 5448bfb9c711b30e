// The stateful side of digest authentication for one registration or one call: which challenges
// have been answered, the nonce count of each nonce, and when to stop retrying.
//
// Usage: call authorize() (or authorizeAll()) before sending each NEW request; it returns the
// pre-authentication header(s), or nothing before the first challenge, and marks the start of a
// new exchange. When that request is answered 401/407, call respond() and resend the request with
// the returned headers; repeat until a final non-challenge response or a 'failed' step.

import { randomBytes } from 'node:crypto';
import { scanChallenges } from './auth-header-lexer';
import { algorithmSpec } from './digest-algorithms';
import { parseChallenges, type ChallengeKind, type DigestChallenge } from './digest-challenge';
import { canAnswer, chooseChallenge } from './digest-choice';
import { answerChallenge } from './digest';

export interface AuthHeader {
  readonly name: 'Authorization' | 'Proxy-Authorization';
  readonly value: string;
}

export type AuthStep =
  | {
      readonly kind: 'retry';
      /** The answer to the challenge just received. */
      readonly header: AuthHeader;
      /**
       * Every header the retried request should carry: `header` plus credentials still held for
       * other realms (RFC 3261 §22.3: after a proxy's 407 and then a registrar's 401, the request
       * needs both Proxy-Authorization and Authorization).
       */
      readonly headers: readonly AuthHeader[];
      readonly challenge: DigestChallenge;
    }
  | { readonly kind: 'failed'; readonly reason: string };

export interface DigestAuthenticatorOptions {
  readonly username: string;
  readonly password: string;
  /** Source of client nonces; defaults to 128 random bits in hex. Injected by tests. */
  readonly random?: () => string;
}

export interface ChallengeResponse {
  readonly status: number;
  /** Raw values of every WWW-Authenticate (401) or Proxy-Authenticate (407) header, in order. */
  readonly headerValues: readonly string[];
  readonly method: string;
  readonly uri: string;
  /** Only hashed when the server insists on qop=auth-int. */
  readonly body?: string | Uint8Array;
}

/**
 * Consecutive retries allowed within one exchange. Two are needed in the worst honest case
 * (a proxy's 407, then the registrar's 401); a third covers one stale nonce. Beyond that the
 * server is looping, and a field test must not hammer it.
 */
export const MAX_CONSECUTIVE_RETRIES = 3;

interface Credential {
  readonly challenge: DigestChallenge;
  readonly cnonce: string;
  /** Nonce count of the last answer sent with this nonce. */
  nc: number;
}

function headerFieldName(kind: ChallengeKind): string {
  return kind === 'proxy' ? 'Proxy-Authenticate' : 'WWW-Authenticate';
}

function credentialKey(challenge: DigestChallenge): string {
  // A realm is a protection space (RFC 7616 §3.3); a proxy and a registrar may share a realm
  // name but are answered with different headers, so the kind is part of the key.
  return `${challenge.kind}\u0000${challenge.realm}`;
}

export class DigestAuthenticator {
  readonly #username: string;
  // A private field: never enumerated, serialised, or shown by util.inspect.
  readonly #password: string;
  readonly #random: () => string;
  /** Credentials per (kind, realm), in the order first answered. */
  readonly #credentials = new Map<string, Credential>();
  /** Keys answered by respond() since the current exchange began. */
  readonly #answeredInExchange = new Set<string>();
  #lastKey: string | undefined;
  #retries = 0;

  constructor(options: DigestAuthenticatorOptions) {
    this.#username = options.username;
    this.#password = options.password;
    this.#random = options.random ?? (() => randomBytes(16).toString('hex'));
  }

  /** Decides what to do with a 401 or 407 response to the last request sent. */
  respond(input: ChallengeResponse): AuthStep {
    const kind: ChallengeKind | undefined =
      input.status === 401 ? 'www' : input.status === 407 ? 'proxy' : undefined;
    if (kind === undefined) {
      return failed(`a ${input.status} response is not an authentication challenge (expected 401 or 407)`);
    }
    const challenges = parseChallenges(kind, input.headerValues);
    if (challenges.length === 0) return failed(noDigestReason(kind, input.status, input.headerValues));

    // One answer per realm (RFC 3261 §22.3: a forked request can collect challenges from several
    // proxies), using the strongest challenge offered for that realm.
    const chosen: DigestChallenge[] = [];
    for (const realm of new Set(challenges.map((c) => c.realm))) {
      const pick = chooseChallenge(challenges.filter((c) => c.realm === realm));
      if (pick !== undefined) chosen.push(pick);
    }
    const primary = chosen[0];
    if (primary === undefined) return failed(unsupportedReason(challenges));

    // RFC 3261 §22.2: a second challenge for credentials we just sent means they were rejected,
    // unless it says stale=true (RFC 7616 §3.3: nonce expired, credentials were fine).
    for (const challenge of chosen) {
      if (this.#answeredInExchange.has(credentialKey(challenge)) && !challenge.stale) {
        return failed(
          `the server rejected the credentials for user "${this.#username}" (realm "${challenge.realm}")`,
        );
      }
    }
    if (this.#retries >= MAX_CONSECUTIVE_RETRIES) {
      return failed(
        `gave up after ${MAX_CONSECUTIVE_RETRIES} authentication retries in a row for user ` +
          `"${this.#username}" (realm "${primary.realm}"): the server keeps challenging`,
      );
    }

    let headers: readonly [AuthHeader, ...AuthHeader[]];
    try {
      const freshKeys = new Set(chosen.map(credentialKey));
      headers = [
        this.#answerFresh(primary, input),
        ...chosen.slice(1).map((challenge) => this.#answerFresh(challenge, input)),
        ...[...this.#credentials.keys()]
          .filter((key) => !freshKeys.has(key))
          .map((key) => this.#answer(key, input.method, input.uri, input.body)),
      ];
    } catch (error) {
      // answerChallenge's messages name fields, never the password.
      return failed(error instanceof Error ? error.message : String(error));
    }

    this.#lastKey = credentialKey(primary);
    this.#retries++;
    return { kind: 'retry', header: headers[0], headers, challenge: primary };
  }

  /**
   * Header for a new request (e.g. a refresh REGISTER) pre-authenticated with the last challenge
   * answered, using the next nonce count; undefined before any challenge. Starts a new exchange:
   * a challenge to a pre-authenticated request is answered again before counting as a rejection,
   * because the server may simply have forgotten the nonce.
   */
  authorize(method: string, uri: string, body?: string | Uint8Array): AuthHeader | undefined {
    this.#beginExchange();
    if (this.#lastKey === undefined) return undefined;
    return this.#answer(this.#lastKey, method, uri, body);
  }

  /** Like authorize(), but one header per realm answered so far (proxy and registrar alike). */
  authorizeAll(method: string, uri: string, body?: string | Uint8Array): readonly AuthHeader[] {
    this.#beginExchange();
    return [...this.#credentials.keys()].map((key) => this.#answer(key, method, uri, body));
  }

  /** Stores a newly received challenge and answers it. */
  #answerFresh(challenge: DigestChallenge, input: ChallengeResponse): AuthHeader {
    const key = credentialKey(challenge);
    const previous = this.#credentials.get(key);
    // nc counts per nonce (RFC 7616 §3.4): a repeated nonce continues, a new one restarts at 1.
    // The cnonce is kept with the nonce so a -sess session key stays valid (RFC 2617 §3.2.2.2).
    const sameNonce = previous !== undefined && previous.challenge.nonce === challenge.nonce;
    this.#credentials.set(key, {
      challenge,
      cnonce: sameNonce ? previous.cnonce : this.#random(),
      nc: sameNonce ? previous.nc : 0,
    });
    const header = this.#answer(key, input.method, input.uri, input.body);
    this.#answeredInExchange.add(key);
    return header;
  }

  #beginExchange(): void {
    this.#answeredInExchange.clear();
    this.#retries = 0;
  }

  #answer(key: string, method: string, uri: string, body: string | Uint8Array | undefined): AuthHeader {
    const credential = this.#credentials.get(key);
    if (credential === undefined) throw new Error('no digest challenge has been answered for this realm');
    const answer = answerChallenge({
      challenge: credential.challenge,
      username: this.#username,
      password: this.#password,
      method,
      uri,
      ...(body === undefined ? {} : { body }),
      nc: credential.nc + 1,
      cnonce: credential.cnonce,
    });
    credential.nc++;
    return { name: answer.headerName, value: answer.value };
  }
}

function failed(reason: string): AuthStep {
  return { kind: 'failed', reason };
}

function noDigestReason(kind: ChallengeKind, status: number, headerValues: readonly string[]): string {
  const field = headerFieldName(kind);
  const raws = headerValues.flatMap((value) => scanChallenges(value));
  if (raws.length === 0) return `the server answered ${status} without a ${field} header`;
  const digest = raws.find((raw) => raw.scheme.toLowerCase() === 'digest');
  if (digest === undefined) {
    const schemes = [...new Set(raws.map((raw) => raw.scheme))].join(', ');
    return `the server answered ${status} asking for ${schemes} authentication, not Digest`;
  }
  const flat = digest.raw.replace(/\s+/g, ' '); // keep the reason on one line
  const shown = flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
  return `the server answered ${status} with a malformed Digest challenge (missing realm or nonce?): ${field}: ${shown}`;
}

function unsupportedReason(challenges: readonly DigestChallenge[]): string {
  const unknownAlgorithms = challenges.filter((c) => algorithmSpec(c.algorithm) === undefined);
  if (unknownAlgorithms.length === challenges.length) {
    const names = [...new Set(unknownAlgorithms.map((c) => c.algorithm))].join(', ');
    return `the server offers only digest algorithm(s) ${names} which SIP Field Kit does not support`;
  }
  const qops = [
    ...new Set(challenges.filter((c) => !canAnswer(c) && algorithmSpec(c.algorithm)).flatMap((c) => c.qop)),
  ].join(', ');
  return `the server offers only digest qop ${qops} which SIP Field Kit does not support`;
}
