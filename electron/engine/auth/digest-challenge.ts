// Reads every Digest challenge of a 401 or 407 response.
//
// The npm `sip` stack reads only the first WWW-Authenticate / Proxy-Authenticate header, and only
// the first challenge in it. A server offering SHA-256 and MD5 (RFC 8760 §2.3: one challenge per
// algorithm, most preferred first) can put them in separate header lines or in one comma-separated
// value (RFC 7235 §4.1), so this reads all header lines and all challenges in each.

import { scanChallenges, type RawChallenge } from './auth-header-lexer';
import { normaliseAlgorithm } from './digest-algorithms';

/** 'www' = WWW-Authenticate from a 401; 'proxy' = Proxy-Authenticate from a 407 (RFC 3261 §22.2, §22.3). */
export type ChallengeKind = 'www' | 'proxy';

export interface DigestChallenge {
  readonly kind: ChallengeKind;
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  /** Canonical registry name ('MD5', 'SHA-256-sess', ...) or the unknown token upper-cased. */
  readonly algorithm: string;
  /** Lower-cased qop options; empty when the server sent none (RFC 2069 / RFC 2617 legacy form). */
  readonly qop: readonly string[];
  /** RFC 7616 §3.3: the previous nonce expired but the credentials were good; retry with the new one. */
  readonly stale: boolean;
  /** RFC 7616 §3.4.4: the server wants the username field hashed. */
  readonly userhash: boolean;
  /** The challenge text as received. */
  readonly raw: string;
}

function isTrue(value: string | undefined): boolean {
  // RFC 7616 §3.3: stale and userhash are "true" or "false", compared case-insensitively.
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

function toDigestChallenge(kind: ChallengeKind, raw: RawChallenge): DigestChallenge | undefined {
  if (raw.scheme.toLowerCase() !== 'digest' || raw.malformed) return undefined;
  const realm = raw.params.get('realm');
  const nonce = raw.params.get('nonce');
  // RFC 7616 §3.3 makes realm and nonce mandatory; without them no response can be computed.
  if (realm === undefined || nonce === undefined) return undefined;
  const opaque = raw.params.get('opaque');
  // RFC 7616 §3.3: qop is a quoted, comma-separated list of "auth" / "auth-int" / future tokens.
  const qop = (raw.params.get('qop') ?? '')
    .split(',')
    .map((option) => option.trim().toLowerCase())
    .filter((option) => option.length > 0);
  return {
    kind,
    realm,
    nonce,
    ...(opaque === undefined ? {} : { opaque }),
    algorithm: normaliseAlgorithm(raw.params.get('algorithm')),
    qop,
    stale: isTrue(raw.params.get('stale')),
    userhash: isTrue(raw.params.get('userhash')),
    raw: raw.raw,
  };
}

/**
 * All well-formed Digest challenges in the given header values, in the order received.
 * Other schemes (Basic, Bearer, ...) and malformed challenges are skipped, never thrown.
 */
export function parseChallenges(kind: ChallengeKind, headerValues: readonly string[]): DigestChallenge[] {
  const out: DigestChallenge[] = [];
  for (const value of headerValues) {
    for (const raw of scanChallenges(value)) {
      const challenge = toDigestChallenge(kind, raw);
      if (challenge !== undefined) out.push(challenge);
    }
  }
  return out;
}
