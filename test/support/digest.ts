import { createHash, randomBytes } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512-256';

const HASHES: Readonly<Record<DigestAlgorithm, string>> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
};

export interface DigestChallenge {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  qop?: string;
  opaque?: string;
}

/** Parses `Digest realm="x", nonce="y", qop="auth", algorithm=MD5` (WWW-/Proxy-Authenticate). */
export function parseDigestChallenge(header: string): DigestChallenge {
  const body = header.replace(/^\s*Digest\s+/i, '');
  const params = new Map<string, string>();
  for (const match of body.matchAll(/([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    const name = match[1];
    if (name) params.set(name.toLowerCase(), match[2] ?? match[3] ?? '');
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || nonce === undefined) throw new Error(`incomplete digest challenge: ${header}`);
  const algorithmText = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (!(algorithmText in HASHES)) throw new Error(`unsupported digest algorithm ${algorithmText}`);
  const qop = params.get('qop');
  const opaque = params.get('opaque');
  return {
    realm,
    nonce,
    algorithm: algorithmText as DigestAlgorithm,
    ...(qop !== undefined ? { qop } : {}),
    ...(opaque !== undefined ? { opaque } : {}),
  };
}

export interface DigestCredentials {
  username: string;
  password: string;
  method: string;
  uri: string;
}

/** The Authorization / Proxy-Authorization header value answering `challenge` (RFC 7616). */
export function digestAuthorization(challenge: DigestChallenge, creds: DigestCredentials): string {
  const hash = (text: string) => createHash(HASHES[challenge.algorithm]).update(text).digest('hex');
  const ha1 = hash(`${creds.username}:${challenge.realm}:${creds.password}`);
  const ha2 = hash(`${creds.method}:${creds.uri}`);
  const offersAuth = challenge.qop?.split(',').some((q) => q.trim() === 'auth') ?? false;
  const parts = [
    `username="${creds.username}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${creds.uri}"`,
  ];
  if (offersAuth) {
    const cnonce = randomBytes(8).toString('hex');
    const nc = '00000001';
    parts.push(`response="${hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`);
    parts.push('qop=auth', `nc=${nc}`, `cnonce="${cnonce}"`);
  } else {
    parts.push(`response="${hash(`${ha1}:${challenge.nonce}:${ha2}`)}"`);
  }
  parts.push(`algorithm=${challenge.algorithm}`);
  if (challenge.opaque !== undefined) parts.push(`opaque="${challenge.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}
