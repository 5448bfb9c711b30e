// Redaction of everything an export carries (issue 8). Always on: digest responses, nonces and
// cnonces, Basic/Bearer and other schemes' credentials (credential-secrets.ts, the notion the
// reg.credentials rule's evidence uses too), and any value that looks like a password; headers
// inside message/sip and message/sipfrag bodies (also as multipart parts) alike; a known password
// in any encoding a trace may carry it (secret-encodings.ts). Optional: phone numbers (the last 4 digits
// stay, so a technician can still tell the DIDs apart), IP addresses (mapped one-to-one onto the
// documentation ranges of RFC 5737 / RFC 3849, so the ladder still reads) and user names.
//
// Pure: no I/O. One Redactor is used for a whole export, so a value maps to the same replacement in
// every message, the summary, the findings and the packet headers.

import {
  basicUserPass,
  CREDENTIAL_HEADER_LINE,
  LOOSE_TOKEN_CREDENTIALS,
  maskCredentialLine,
  type CredentialSecret,
} from '../../shared/diagnostics/credential-secrets';
import { maskSecretEverywhere, secretMatcher, type SecretMatcher } from './secret-encodings';
import {
  carriesSipHeaders,
  contentTypeOf,
  mapMultipart,
  splitHeadBody,
  type ContentType,
} from './sip-bodies';

export interface RedactChoice {
  readonly phoneNumbers: boolean;
  readonly ipAddresses: boolean;
  readonly userNames: boolean;
}

export const NO_OPTIONAL_REDACTION: RedactChoice = Object.freeze({
  phoneNumbers: false,
  ipAddresses: false,
  userNames: false,
});

export interface Redactor {
  /** A whole SIP message (latin1 text): headers, URIs, SDP; Content-Length follows the body. */
  message(text: string): string;
  /** Any other text of the run (target, summary, finding evidence): the same mappings. */
  text(text: string): string;
  /** One IP address (a packet header, a column of the ladder). */
  address(ip: string): string;
  /** What was redacted, in words, for the report and the UI. */
  summary(): string[];
}

const MASK = '[redacted]';

/** RFC 5737 documentation networks, 254 hosts each; then RFC 3849 for IPv6. */
const V4_POOLS = ['192.0.2.', '198.51.100.', '203.0.113.'] as const;

/** How deep message/sip bodies and multipart parts are followed (a hostile trace may nest forever). */
const MAX_BODY_DEPTH = 4;
const PASSWORD_VALUES =
  /\b(password|passwd|passwort|pwd|secret|auth[_-]?pass(?:word)?|sip[_-]?pass(?:word)?)("?)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;,&>"']+)/gi;
/** RFC 3261 §19.1.1: userinfo = ( user / telephone-subscriber ) [ ":" password ] "@". */
const URI_USERINFO = /\b(sips?:)([^@\s;>?"',:/]+)(:[^@\s;>?"',]*)?@/gi;
const TEL_URI = /\b(tel:)(\+?[\d\-.()]+)/gi;
const IPV4 = /(?<![\w.])((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?![\w.]|\.\d)/g;
const IPV6 =
  /(?<![\w:.])((?:[0-9a-f]{1,4}:){1,7}(?::[0-9a-f]{1,4}){0,7}[0-9a-f]{0,4}|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?![\w:])/gi;
const PHONE = /(\+?)(\d[\d\-.() ]{5,}\d)/g;
const IDENTITY_HEADERS =
  /^(from|f|to|t|contact|m|p-asserted-identity|p-preferred-identity|remote-party-id|diversion|history-info|refer-to|r|referred-by|b)\s*:/i;
const QUOTED_NAME = /"((?:[^"\\]|\\.)*)"/g;
const DIGEST_USERNAME = /\b(username)\s*=\s*"([^"]*)"/gi;
const AUTH_HEADERS = /^(authorization|proxy-authorization)\s*:/i;
/** A quick test before a text is split into lines for credentials (most texts hold none). */
const CREDENTIAL_LINE_ANYWHERE = new RegExp(CREDENTIAL_HEADER_LINE.source, 'im');

export function createRedactor(choice: RedactChoice, secrets: readonly string[] = []): Redactor {
  // Distinct values, not occurrences: redacting twice (a learning pass first) reports the same.
  const passwords = new Set<string>();
  const secretKinds = new Map<string, number>();
  const secretMap = new Map<string, string>();
  const ipMap = new Map<string, string>();
  const userMap = new Map<string, string>();
  const phoneMap = new Map<string, string>();
  // Known passwords, and those learned from Basic credentials, with their encoded forms.
  const known = new Map<string, SecretMatcher>();
  const learnSecret = (secret: string): void => {
    if (secret.length >= 3 && !known.has(secret)) known.set(secret, secretMatcher(secret));
  };
  for (const s of secrets) learnSecret(s);

  const secretToken = (kind: string, value: string): string => {
    let token = secretMap.get(value);
    if (token === undefined) {
      token = `[redacted-${kind}-${secretMap.size + 1}]`;
      secretMap.set(value, token);
      secretKinds.set(kind, (secretKinds.get(kind) ?? 0) + 1);
    }
    return token;
  };

  const maskSecret = (s: CredentialSecret): string => {
    if (s.kind === 'password') {
      // A password parameter in credentials (reg.credentials flags it) is masked wherever else it is.
      passwords.add(s.value);
      learnSecret(s.value);
      return s.quoted ? `"${MASK}"` : MASK;
    }
    if (s.value === MASK || s.value.startsWith('[redacted')) return s.quoted ? `"${s.value}"` : s.value;
    if (s.kind === 'credentials' && s.scheme === 'basic') {
      // The password inside is masked wherever else it turns up in plain or encoded.
      const pair = basicUserPass(s.value);
      if (pair) learnSecret(pair.password);
    }
    const token = secretToken(s.kind, s.value);
    return s.quoted ? `"${token}"` : token;
  };

  /** Basic/Bearer tokens quoted outside a credentials header (a note, a log line in a body). */
  const scrubLooseTokens = (s: string): string =>
    s.replace(LOOSE_TOKEN_CREDENTIALS, (m, scheme: string, sp: string, token: string) =>
      token.startsWith('[redacted')
        ? m
        : `${scheme}${sp}${maskSecret({ kind: 'credentials', value: token, quoted: false, scheme: scheme.toLowerCase() })}`,
    );

  /** Credentials header lines anywhere (a body, a quoted line of evidence) and loose tokens. */
  const scrubCredentials = (s: string): string =>
    scrubLooseTokens(
      CREDENTIAL_LINE_ANYWHERE.test(s)
        ? s
            .split(/(\r?\n)/)
            .map((line, i) => (i % 2 === 1 ? line : maskCredentialLine(line, maskSecret)))
            .join('')
        : s,
    );

  const address = (ip: string): string => {
    if (!choice.ipAddresses || ip === '' || ip === '0.0.0.0' || ip === '::') return ip;
    const key = ip.toLowerCase();
    let mapped = ipMap.get(key);
    if (mapped === undefined) {
      const n = ipMap.size;
      mapped = key.includes(':')
        ? `2001:db8::${(n + 1).toString(16)}`
        : n < V4_POOLS.length * 254
          ? `${V4_POOLS[Math.floor(n / 254)]}${(n % 254) + 1}`
          : `2001:db8::${(n + 1).toString(16)}`;
      ipMap.set(key, mapped);
    }
    return mapped;
  };

  const phone = (digits: string): string => {
    const plain = digits.replace(/\D/g, '');
    if (plain.length < 7) return digits;
    let masked = phoneMap.get(plain);
    if (masked === undefined) {
      masked = `${'x'.repeat(plain.length - 4)}${plain.slice(-4)}`;
      phoneMap.set(plain, masked);
    }
    return masked;
  };

  const isPhone = (user: string): boolean => /^\+?[\d\-.()]{7,}$/.test(user) && /\d{4}/.test(user);

  const user = (name: string): string => {
    if (name === '' || name.startsWith('user-')) return name;
    let mapped = userMap.get(name);
    if (mapped === undefined) {
      mapped = `user-${userMap.size + 1}`;
      userMap.set(name, mapped);
    }
    return mapped;
  };

  const userPart = (u: string): string => {
    if (choice.phoneNumbers && isPhone(u))
      return u.replace(PHONE, (_m, plus: string, d: string) => plus + phone(d));
    if (choice.userNames) return user(u);
    return u;
  };

  const scrubPasswords = (s: string): string =>
    s.replace(PASSWORD_VALUES, (_m, key: string, q: string, sep: string, value: string) => {
      if (value === MASK || /^"?\[redacted/.test(value)) return `${key}${q}${sep}${value}`;
      passwords.add(value);
      const quote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      return `${key}${q}${sep}${quote}${MASK}${quote}`;
    });

  const scrubUris = (s: string): string =>
    s
      .replace(URI_USERINFO, (_m, scheme: string, u: string, pw: string | undefined) => {
        // A password in a URI is deprecated (RFC 3261 §19.1.1) but possible: never exported.
        if (pw !== undefined && pw.length > 1) passwords.add(pw);
        const pass = pw !== undefined && pw.length > 1 ? `:${MASK}` : (pw ?? '');
        return `${scheme}${userPart(u)}${pass}@`;
      })
      .replace(TEL_URI, (m, scheme: string, num: string) =>
        choice.phoneNumbers
          ? `${scheme}${num.replace(PHONE, (_x, plus: string, d: string) => plus + phone(d))}`
          : m,
      );

  const scrubAddresses = (s: string): string => {
    if (!choice.ipAddresses) return s;
    return s
      .replace(IPV4, (ip: string) => address(ip))
      .replace(IPV6, (ip: string) => (looksLikeIpv6(ip) ? address(ip) : ip));
  };

  /** Values learned anywhere (a nonce, a user name) are replaced wherever else they turn up. */
  const scrubKnown = (s: string): string => {
    let out = s;
    for (const [secret, matcher] of known) {
      const before = out;
      out = maskSecretEverywhere(out.includes(secret) ? out.split(secret).join(MASK) : out, matcher, MASK);
      if (out !== before) passwords.add(secret);
    }
    for (const [value, token] of secretMap)
      if (value.length >= 6 && out.includes(value)) out = out.split(value).join(token);
    if (choice.userNames) {
      for (const [name, token] of userMap) {
        if (name.length >= 3)
          out = out.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(name)}(?![\\w-])`, 'g'), token);
      }
    }
    if (choice.phoneNumbers) {
      out = out.replace(PHONE, (m, plus: string, d: string) => {
        const plain = d.replace(/\D/g, '');
        const masked = phoneMap.get(plain);
        return masked !== undefined ? plus + masked : m;
      });
    }
    return out;
  };

  const headerLine = (line: string): string => {
    let out = maskCredentialLine(line, maskSecret);
    if (AUTH_HEADERS.test(out) && choice.userNames)
      out = out.replace(DIGEST_USERNAME, (_m, k: string, v: string) => `${k}="${user(v)}"`);
    if (IDENTITY_HEADERS.test(out) && (choice.userNames || choice.phoneNumbers)) {
      // Display names are people's names or numbers (RFC 3261 §20.20 display-name).
      out = out.replace(QUOTED_NAME, (_m, name: string) => `"${displayName(name)}"`);
    }
    return out;
  };

  const displayName = (name: string): string => {
    if (choice.phoneNumbers && isPhone(name.trim()))
      return name.replace(PHONE, (_x, plus: string, d: string) => plus + phone(d));
    if (choice.userNames && name.trim() !== '') return user(name);
    return name;
  };

  /** What every text gets once its credentials are masked. */
  const afterCredentials = (s: string): string => scrubKnown(scrubAddresses(scrubUris(scrubPasswords(s))));
  const anyText = (s: string): string => afterCredentials(scrubCredentials(s));

  const headerBlock = (head: string): string => {
    const lines = head.split(/(\r?\n)/);
    // RFC 3261 §7.3.1: a line starting with SP or HTAB continues the header above it.
    let current = '';
    const redacted = lines
      .map((part, i) => {
        if (i % 2 === 1) return part;
        if (!/^[ \t]/.test(part)) current = part.slice(0, part.indexOf(':') + 1);
        return /^[ \t]/.test(part) ? headerLine(current + part).slice(current.length) : headerLine(part);
      })
      .join('');
    // headerLine masked the credentials headers, folded lines included.
    return afterCredentials(scrubLooseTokens(redacted));
  };

  /** A SIP message or fragment: its headers, then its body by type; Content-Length follows. */
  const sipText = (text: string, depth: number): string => {
    const { head, sep, body } = splitHeadBody(text);
    const newHead = headerBlock(head);
    const newBody = bodyText(contentTypeOf(head), body, depth);
    return fixContentLength(newHead, body.length, newBody.length) + sep + newBody;
  };

  const bodyText = (type: ContentType | undefined, body: string, depth: number): string => {
    if (body === '' || depth >= MAX_BODY_DEPTH) return anyText(body);
    if (carriesSipHeaders(type)) return sipText(body, depth + 1);
    if (type?.type.startsWith('multipart/') && type.boundary !== undefined) {
      return mapMultipart(
        body,
        type.boundary,
        (content) => {
          // A part without headers starts with its blank line (RFC 2046 §5.1.1).
          const lead = /^\r?\n/.exec(content)?.[0];
          if (lead !== undefined) return lead + bodyText(undefined, content.slice(lead.length), depth + 1);
          const part = splitHeadBody(content);
          return headerBlock(part.head) + part.sep + bodyText(contentTypeOf(part.head), part.body, depth + 1);
        },
        anyText,
      );
    }
    return anyText(body);
  };

  return {
    message: (text) => sipText(text, 0),
    text: anyText,
    address,
    summary() {
      const n = (count: number): string => (count > 0 ? ` (${count})` : '');
      const out = [
        `Authorization/Proxy-Authorization digest responses${n(secretKinds.get('response') ?? 0)}`,
        `nonces and cnonces${n((secretKinds.get('nonce') ?? 0) + (secretKinds.get('cnonce') ?? 0) + (secretKinds.get('nextnonce') ?? 0))}`,
        `Basic, Bearer and other credentials${n(secretKinds.get('credentials') ?? 0)}`,
        `password-looking values${n(passwords.size)}`,
      ];
      if (choice.phoneNumbers) out.push(`phone numbers, last 4 digits kept${n(phoneMap.size)}`);
      if (choice.ipAddresses)
        out.push(`IP addresses, mapped consistently to documentation addresses${n(ipMap.size)}`);
      if (choice.userNames) out.push(`user names and display names${n(userMap.size)}`);
      return out;
    },
  };
}

/**
 * RFC 3261 §20.14: Content-Length is the body's size in octets. A redacted body changes size, so the
 * header moves by the same amount; a header that was wrong on the wire stays wrong by as much, since
 * that mismatch may be exactly what a finding is about.
 */
function fixContentLength(head: string, oldBody: number, newBody: number): string {
  if (oldBody === newBody) return head;
  return head.replace(/^((?:content-length|l)\s*:\s*)(\d+)/im, (_m, name: string, value: string) => {
    const next = Math.max(0, Number(value) + newBody - oldBody);
    return `${name}${next}`;
  });
}

function looksLikeIpv6(s: string): boolean {
  if (!s.includes(':')) return false;
  const groups = s.split(':');
  if (s.includes('::')) return groups.length <= 8 && s.indexOf('::') === s.lastIndexOf('::');
  return groups.length === 8;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
