// The digest algorithms SIP Field Kit can answer, and how a challenge's `algorithm` token maps to them.
//
// RFC 7616 §3.3 (algorithm): when the parameter is absent the algorithm is MD5. The IANA
// "Hash Algorithms for HTTP Digest Authentication" registry (RFC 7616 §6.1) names MD5, SHA-256
// and SHA-512-256, each with a "-sess" variant; RFC 8760 §2.1 makes the same set usable in SIP.

export type DigestAlgorithmName =
  'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

export interface DigestAlgorithmSpec {
  readonly name: DigestAlgorithmName;
  /** The node:crypto hash name. */
  readonly nodeHash: 'md5' | 'sha256' | 'sha512-256';
  /** RFC 7616 §3.4.2: a "-sess" algorithm folds the nonce and cnonce into A1. */
  readonly session: boolean;
  /** Higher is stronger; a "-sess" variant ranks with its base algorithm. */
  readonly strength: number;
}

const SPECS: readonly DigestAlgorithmSpec[] = [
  { name: 'MD5', nodeHash: 'md5', session: false, strength: 1 },
  { name: 'MD5-sess', nodeHash: 'md5', session: true, strength: 1 },
  { name: 'SHA-256', nodeHash: 'sha256', session: false, strength: 2 },
  { name: 'SHA-256-sess', nodeHash: 'sha256', session: true, strength: 2 },
  { name: 'SHA-512-256', nodeHash: 'sha512-256', session: false, strength: 3 },
  { name: 'SHA-512-256-sess', nodeHash: 'sha512-256', session: true, strength: 3 },
];

// Keyed by the upper-cased token because the algorithm token is case-insensitive
// (RFC 7616 §3.3 compares it as a token; servers send "md5", "MD5", "sha-256"...).
const BY_UPPER_NAME: ReadonlyMap<string, DigestAlgorithmSpec> = new Map(
  SPECS.map((spec) => [spec.name.toUpperCase(), spec]),
);

/**
 * Canonical spelling of a challenge's algorithm token: one of the registry names when known,
 * otherwise the token upper-cased (kept so an error can say what the server offered).
 * A missing token means MD5 (RFC 7616 §3.3, RFC 2617 §3.2.1).
 */
export function normaliseAlgorithm(token: string | undefined): string {
  if (token === undefined) return 'MD5';
  const upper = token.trim().toUpperCase();
  return BY_UPPER_NAME.get(upper)?.name ?? upper;
}

/** The spec for an algorithm name (any case), or undefined when SIP Field Kit cannot compute it. */
export function algorithmSpec(name: string): DigestAlgorithmSpec | undefined {
  return BY_UPPER_NAME.get(name.toUpperCase());
}
