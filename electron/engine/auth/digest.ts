// Computes the Digest response for one challenge and formats the Authorization header value.
//
// Formulas (RFC 7616 §3.4.1-§3.4.3, same as RFC 2617 §3.2.2.1-§3.2.2.3 and RFC 3261 §22.4):
//   A1       = username ":" realm ":" password
//   A1 -sess = H(username ":" realm ":" password) ":" nonce ":" cnonce
//   A2       = method ":" uri                      (qop=auth or no qop)
//   A2       = method ":" uri ":" H(entity-body)   (qop=auth-int)
//   response = H(H(A1) ":" nonce ":" nc ":" cnonce ":" qop ":" H(A2))   (qop present)
//   response = H(H(A1) ":" nonce ":" H(A2))                             (no qop, RFC 2069 form)
// H is the challenge's algorithm, output as lower-case hex (RFC 7616 §3.4, RFC 8760 §2.2).

import { createHash } from 'node:crypto';
import { algorithmSpec, type DigestAlgorithmSpec } from './digest-algorithms';
import type { DigestChallenge } from './digest-challenge';
import { selectQop, type DigestQop } from './digest-choice';

export interface DigestAnswerInput {
  readonly challenge: DigestChallenge;
  readonly username: string;
  readonly password: string;
  /** SIP method of the request being authorised, e.g. "REGISTER". */
  readonly method: string;
  /** The Request-URI exactly as it appears in the request line (RFC 3261 §22.4). */
  readonly uri: string;
  /** Message body; only hashed for qop=auth-int. Missing means empty. */
  readonly body?: string | Uint8Array;
  /** Nonce count: how many requests this nonce has now been used for, starting at 1. */
  readonly nc: number;
  readonly cnonce: string;
}

export interface DigestAnswer {
  readonly headerName: 'Authorization' | 'Proxy-Authorization';
  readonly value: string;
  readonly qop?: DigestQop;
  /** The request-digest, hex. */
  readonly response: string;
}

const MAX_NONCE_COUNT = 0xffffffff;

function hashHex(spec: DigestAlgorithmSpec, data: string | Uint8Array): string {
  // Strings are hashed as UTF-8: RFC 3261 is UTF-8 throughout and RFC 7616 §4 (charset=UTF-8).
  return createHash(spec.nodeHash)
    .update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    .digest('hex');
}

/**
 * Quoted-string for a header parameter (RFC 3261 §25.1: quoted-pair escapes '"' and '\').
 * CR and LF cannot be escaped and would split the header, so they are refused.
 */
function quote(field: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`the digest ${field} contains a line break`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** RFC 7616 §3.4: nc is 8 hex digits. */
function formatNonceCount(nc: number): string {
  if (!Number.isInteger(nc) || nc < 1 || nc > MAX_NONCE_COUNT) {
    throw new RangeError(`digest nonce count must be an integer from 1 to ${MAX_NONCE_COUNT}, got ${nc}`);
  }
  return nc.toString(16).padStart(8, '0');
}

export function headerNameFor(challenge: DigestChallenge): DigestAnswer['headerName'] {
  // RFC 3261 §22.3: a 407 Proxy-Authenticate is answered with Proxy-Authorization.
  return challenge.kind === 'proxy' ? 'Proxy-Authorization' : 'Authorization';
}

/** Answers one challenge. Throws (without the password in the message) if it cannot be answered. */
export function answerChallenge(input: DigestAnswerInput): DigestAnswer {
  const { challenge, username, password, method, uri, cnonce } = input;
  const spec = algorithmSpec(challenge.algorithm);
  if (spec === undefined) {
    throw new Error(`digest algorithm ${challenge.algorithm} is not supported by SIP Field Kit`);
  }
  const qop = selectQop(challenge.qop);
  if (qop === null) {
    throw new Error(`digest qop ${challenge.qop.join(', ')} is not supported by SIP Field Kit`);
  }
  const nc = formatNonceCount(input.nc);
  const H = (data: string | Uint8Array): string => hashHex(spec, data);

  // RFC 7616 §3.4.2: for -sess, A1 is re-keyed with the server and client nonces.
  const baseHa1 = H(`${username}:${challenge.realm}:${password}`);
  const ha1 = spec.session ? H(`${baseHa1}:${challenge.nonce}:${cnonce}`) : baseHa1;

  // RFC 7616 §3.4.3: auth-int adds the hash of the body (the empty string when there is none).
  const ha2 = qop === 'auth-int' ? H(`${method}:${uri}:${H(input.body ?? '')}`) : H(`${method}:${uri}`);

  const response =
    qop === undefined
      ? H(`${ha1}:${challenge.nonce}:${ha2}`)
      : H(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`);

  // RFC 7616 §3.4.4: with userhash=true the username field carries H(username ":" realm);
  // A1 above still uses the plain username.
  const usernameField = challenge.userhash ? H(`${username}:${challenge.realm}`) : username;

  const params = [
    `username=${quote('username', usernameField)}`,
    `realm=${quote('realm', challenge.realm)}`,
    `nonce=${quote('nonce', challenge.nonce)}`,
    `uri=${quote('uri', uri)}`,
    `response="${response}"`,
    `algorithm=${spec.name}`,
  ];
  // RFC 2617 §3.2.2: cnonce, nc and qop go together and are absent when the server sent no qop.
  // A -sess algorithm still needs the cnonce, which the server cannot otherwise know.
  if (qop !== undefined || spec.session) params.push(`cnonce=${quote('cnonce', cnonce)}`);
  // RFC 7616 §3.4: the opaque value is echoed unchanged when the server sent one.
  if (challenge.opaque !== undefined) params.push(`opaque=${quote('opaque', challenge.opaque)}`);
  if (qop !== undefined) params.push(`qop=${qop}`, `nc=${nc}`);
  if (challenge.userhash) params.push('userhash=true');

  return {
    headerName: headerNameFor(challenge),
    value: `Digest ${params.join(', ')}`,
    ...(qop === undefined ? {} : { qop }),
    response,
  };
}
