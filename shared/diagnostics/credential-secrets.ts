// One notion of what a credential is, shared by the reg.credentials rule (whose evidence quotes
// Authorization lines) and the export redactor: every place that shows such a line masks the same
// things.
//
// RFC 7235 §2.1 (which RFC 3261 §22 builds on): credentials = auth-scheme [ 1*SP ( token68 /
// #auth-param ) ]. A token68 (Basic's base64 of user:password, RFC 7617 §2; Bearer's token,
// RFC 8898 §2) is the credential itself, so it is always masked. Digest's auth-params are public
// except those that prove or seed knowledge of the password (RFC 3261 §22.4, RFC 7616 §3.4/§3.5,
// RFC 7615 §3). Other schemes (NTLM, Kerberos as some PBXs speak them) carry blobs under names of
// their own, so there only the parameters known to be public stay readable.

/** Header names whose values are credentials or challenges (RFC 3261 §20.7, §20.27, §20.28, §20.44). */
export const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'www-authenticate',
  'proxy-authenticate',
  'authentication-info',
  'proxy-authentication-info',
] as const;

/** A line that starts a credentials or challenge header, e.g. "Proxy-Authorization: Basic …". */
export const CREDENTIAL_HEADER_LINE = new RegExp(
  `^([ \\t]*(?:${CREDENTIAL_HEADERS.join('|')})[ \\t]*:)`,
  'i',
);

export type CredentialSecretKind = 'credentials' | 'response' | 'nonce' | 'cnonce' | 'nextnonce' | 'password';

export interface CredentialSecret {
  readonly kind: CredentialSecretKind;
  /** The secret without its quotes. */
  readonly value: string;
  readonly quoted: boolean;
  /** The auth-scheme it belongs to, lower case ("" when the header has none, as Authentication-Info). */
  readonly scheme: string;
}

/** Returns the text that replaces the value (quotes included, when wanted). */
export type MaskSecret = (secret: CredentialSecret) => string;

const DIGEST_SECRETS: Readonly<Record<string, CredentialSecretKind>> = {
  response: 'response',
  rspauth: 'response',
  nonce: 'nonce',
  cnonce: 'cnonce',
  nextnonce: 'nextnonce',
  // Not digest, but some devices send it in the credentials (the reg.credentials rule flags it).
  password: 'password',
};

/** Parameters of any scheme that identify rather than prove. */
const PUBLIC_PARAMS = new Set([
  'realm',
  'username',
  'uri',
  'qop',
  'nc',
  'algorithm',
  'opaque',
  'domain',
  'stale',
  'charset',
  'userhash',
  'targetname',
  'version',
  'scope',
  'error',
  'error_description',
  'error_uri',
]);

// Sticky patterns: each is tried at one position of the value, without copying the rest of it.
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(?:,|$))/y;
const SPACES = /[ \t]*/y;
const QUOTED = /"(?:[^"\\]|\\.)*"?/y;
const PLAIN_VALUE = /[^\s,]*/y;

function matchAt(re: RegExp, s: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(s)?.[0];
}

/**
 * Masks the secrets of one credentials or challenge value (what follows "Authorization:"), which may
 * hold several comma-separated challenges. Everything else is kept byte for byte.
 */
export function maskCredentialValue(value: string, mask: MaskSecret): string {
  // Only the masked ranges are rebuilt; the rest is copied in slices.
  let out = '';
  let copied = 0;
  const replace = (start: number, end: number, text: string): void => {
    out += value.slice(copied, start) + text;
    copied = end;
  };
  let i = 0;
  let scheme = '';
  let afterScheme = false;
  while (i < value.length) {
    const c = value[i]!;
    if (c === ',' || c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (c === ',') afterScheme = false;
      i++;
      continue;
    }
    const t68 = afterScheme ? matchAt(TOKEN68, value, i) : undefined;
    if (t68 !== undefined) {
      replace(i, i + t68.length, mask({ kind: 'credentials', value: t68, quoted: false, scheme }));
      i += t68.length;
      afterScheme = false;
      continue;
    }
    const name = matchAt(TOKEN, value, i);
    if (name === undefined) {
      i++;
      continue;
    }
    let k = i + name.length;
    k += matchAt(SPACES, value, k)!.length;
    if (value[k] !== '=') {
      // A word not followed by "=" starts a new set of credentials (RFC 7235 §4.1 allows a list).
      scheme = name.toLowerCase();
      afterScheme = true;
      i = k;
      continue;
    }
    afterScheme = false;
    k++;
    k += matchAt(SPACES, value, k)!.length;
    const raw = matchAt(value[k] === '"' ? QUOTED : PLAIN_VALUE, value, k)!;
    const quoted = raw.startsWith('"');
    const bare = quoted ? raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined) : raw;
    const kind = secretKind(scheme, name.toLowerCase());
    if (kind !== undefined && bare !== '')
      replace(k, k + raw.length, mask({ kind, value: bare, quoted, scheme }));
    i = k + raw.length;
  }
  return copied === 0 ? value : out + value.slice(copied);
}

/** Masks a header line if it is a credentials or challenge header; any other line comes back as it was. */
export function maskCredentialLine(line: string, mask: MaskSecret): string {
  const m = CREDENTIAL_HEADER_LINE.exec(line);
  if (!m) return line;
  return m[1]! + maskCredentialValue(line.slice(m[1]!.length), mask);
}

/**
 * Basic/Bearer credentials quoted without their header name (a log line, a note). The token must
 * look encoded (a digit, a symbol of the token68 alphabet, padding or an inner capital), so prose
 * such as "Basic authentication" stays readable.
 */
export const LOOSE_TOKEN_CREDENTIALS =
  /\b([Bb][Aa][Ss][Ii][Cc]|[Bb][Ee][Aa][Rr][Ee][Rr])([ \t]+)((?=[A-Za-z0-9\-._~+/]*(?:[0-9\-_~+/]|[A-Za-z][A-Z]))[A-Za-z0-9\-._~+/]{8,}=*)/g;

/** "user:password" from Basic credentials (RFC 7617 §2), when the token decodes to printable text. */
export function basicUserPass(token: string): { user: string; password: string } | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(token) || token.replace(/=+$/, '').length % 4 === 1) return undefined;
  const bytes = Uint8Array.from(atob(token.replace(/=+$/, '')), (ch) => ch.charCodeAt(0));
  const decoded = new TextDecoder('utf-8').decode(bytes);
  const colon = decoded.indexOf(':');
  // eslint-disable-next-line no-control-regex -- control bytes mean it is not user:password text
  if (colon < 0 || /[\x00-\x1f\x7f\ufffd]/.test(decoded)) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function secretKind(scheme: string, param: string): CredentialSecretKind | undefined {
  const digestLike = scheme === '' || scheme === 'digest';
  if (digestLike) return DIGEST_SECRETS[param];
  return DIGEST_SECRETS[param] ?? (PUBLIC_PARAMS.has(param) ? undefined : 'credentials');
}
