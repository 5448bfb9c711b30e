// The registrar's side of digest authentication (RFC 3261 §22.4, RFC 7616): challenges with a
// nonce the server can check without keeping state (an HMAC of its issue time), and a check of the
// client's response computed the same way the client side computes it (../auth/digest.ts). The
// password stays in memory; it is never written to a message or a log.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { scanChallenges } from '../auth/auth-header-lexer';
import { answerChallenge } from '../auth/digest';
import { normaliseAlgorithm } from '../auth/digest-algorithms';
import type { Clock } from '../clock';

/** How long a nonce is good for; an older one gets a fresh challenge with stale=true (RFC 7616 §3.3). */
export const NONCE_LIFETIME_MS = 5 * 60_000;

export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: string;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
}

export type DigestCheck =
  | { readonly ok: true; readonly username: string }
  /** No credentials for our realm: challenge (not a failure). */
  | { readonly ok: false; readonly why: 'missing' }
  /** Good password, old nonce: challenge again with stale=true (not a failure). */
  | { readonly ok: false; readonly why: 'stale'; readonly username: string }
  /** Wrong password, unknown user, a nonce we never issued: a failure. */
  | { readonly ok: false; readonly why: 'wrong'; readonly username: string; readonly detail: string };

export class DigestServer {
  private readonly secret = randomBytes(32);

  constructor(
    readonly realm: string,
    private readonly passwords: ReadonlyMap<string, string>,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {}

  /** A WWW-Authenticate / Proxy-Authenticate value: MD5, qop=auth, as both providers' registrars send. */
  challenge(stale = false): string {
    const nonce = this.nonce();
    return `Digest realm="${this.realm}", nonce="${nonce}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`;
  }

  /** Checks the Authorization (or Proxy-Authorization) values of a request. */
  check(method: string, headerValues: readonly string[]): DigestCheck {
    const creds = headerValues
      .flatMap((v) => scanChallenges(v))
      .filter((c) => c.scheme.toLowerCase() === 'digest' && !c.malformed)
      .map(readCredentials)
      .find((c): c is DigestCredentials => c !== undefined && c.realm === this.realm);
    if (!creds) return { ok: false, why: 'missing' };
    const password = this.passwords.get(creds.username);
    if (password === undefined)
      return { ok: false, why: 'wrong', username: creds.username, detail: `unknown user ${creds.username}` };
    const issued = this.issuedAt(creds.nonce);
    if (issued === undefined)
      return { ok: false, why: 'wrong', username: creds.username, detail: 'a nonce we never issued' };
    let expected: string;
    try {
      expected = answerChallenge({
        challenge: {
          kind: 'www',
          realm: creds.realm,
          nonce: creds.nonce,
          ...(creds.opaque === undefined ? {} : { opaque: creds.opaque }),
          algorithm: normaliseAlgorithm(creds.algorithm),
          qop: creds.qop ? [creds.qop.toLowerCase()] : [],
          stale: false,
          userhash: false,
          raw: '',
        },
        username: creds.username,
        password,
        method,
        uri: creds.uri,
        nc: creds.nc ? parseInt(creds.nc, 16) || 1 : 1,
        cnonce: creds.cnonce ?? '',
      }).response;
    } catch (err) {
      return { ok: false, why: 'wrong', username: creds.username, detail: (err as Error).message };
    }
    if (!sameHex(expected, creds.response))
      return { ok: false, why: 'wrong', username: creds.username, detail: 'wrong password' };
    if (this.clock.nowMs() - issued > NONCE_LIFETIME_MS)
      return { ok: false, why: 'stale', username: creds.username };
    return { ok: true, username: creds.username };
  }

  private nonce(): string {
    const issued = Math.floor(this.clock.nowMs()).toString(36);
    return `${issued}.${this.mac(issued)}`;
  }

  private issuedAt(nonce: string): number | undefined {
    const [issued, mac] = nonce.split('.');
    if (!issued || !mac || !sameHex(this.mac(issued), mac)) return undefined;
    const ms = parseInt(issued, 36);
    return Number.isFinite(ms) ? ms : undefined;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('hex').slice(0, 32);
  }
}

function readCredentials(raw: ReturnType<typeof scanChallenges>[number]): DigestCredentials | undefined {
  const p = raw.params;
  const username = p.get('username');
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  const uri = p.get('uri');
  const response = p.get('response');
  if (username === undefined || realm === undefined || !nonce || !uri || !response) return undefined;
  const opt = (name: string): Partial<Record<string, string>> => {
    const v = p.get(name);
    return v === undefined ? {} : { [name]: v };
  };
  return {
    username,
    realm,
    nonce,
    uri,
    response,
    algorithm: p.get('algorithm') ?? 'MD5',
    ...opt('qop'),
    ...opt('nc'),
    ...opt('cnonce'),
    ...opt('opaque'),
  };
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}
