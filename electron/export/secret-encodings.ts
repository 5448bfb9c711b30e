// A password the app knows must not survive an export in any form a trace may carry it: as is,
// URL-encoded (a query string, a provisioning URL: RFC 3986 §2.1 percent-encoding, any mix of
// encoded and plain bytes, "+" for a space as in HTML forms), hex-encoded (a debug dump), or
// base64-encoded, alone or inside a longer value such as Basic's base64 of "user:password"
// (RFC 7617 §2) where it starts at any byte offset.
//
// Pure: no I/O. The matching is by regular expressions built once per secret; a base64 match is
// found by its core and then widened to its whole base64 word by hand, which stays linear on long
// base64 bodies where a regex with a leading [A-Za-z0-9+/]* would backtrack quadratically.

export interface SecretMatcher {
  /** The secret as is or URL-encoded. */
  readonly plain: RegExp;
  readonly hex?: RegExp;
  /** The secret's base64 cores (standard and URL alphabets), at each byte offset. */
  readonly base64?: RegExp;
}

const BASE64_CHAR = /[A-Za-z0-9+/_-]/;

export function secretMatcher(secret: string): SecretMatcher {
  const bytes = new TextEncoder().encode(secret);
  const cores = base64Cores(bytes).filter((core) => core.length >= 3);
  const alternatives = [...new Set(cores.flatMap((core) => [core, toBase64Url(core)]))].map(escapeRegExp);
  return {
    plain: new RegExp(urlEncodedOrPlain(bytes, secret), 'g'),
    ...(bytes.length >= 3 ? { hex: new RegExp(hexOf(bytes), 'g') } : {}),
    ...(alternatives.length > 0 ? { base64: new RegExp(alternatives.join('|'), 'g') } : {}),
  };
}

/** The text with every encoded form of the secret replaced by `mask`; a base64 word is masked whole. */
export function maskSecretEverywhere(text: string, m: SecretMatcher, mask: string): string {
  // The plain form is masked by the caller; the regex only adds percent-encoded and "+" forms.
  let out = text.includes('%') || text.includes('+') ? text.replace(m.plain, mask) : text;
  if (m.hex) out = out.replace(m.hex, mask);
  if (m.base64) out = maskBase64Words(out, m.base64, mask);
  return out;
}

function maskBase64Words(text: string, core: RegExp, mask: string): string {
  const ranges: Array<[number, number]> = [];
  core.lastIndex = 0;
  for (let hit = core.exec(text); hit !== null; hit = core.exec(text)) {
    let start = hit.index;
    let end = hit.index + hit[0].length;
    while (start > 0 && BASE64_CHAR.test(text[start - 1]!)) start--;
    while (end < text.length && BASE64_CHAR.test(text[end]!)) end++;
    while (end < text.length && text[end] === '=') end++;
    ranges.push([start, end]);
    // The next search starts after this word, so each word is scanned once.
    core.lastIndex = end;
  }
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + mask;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Each byte as itself or %HH (hex digits in either case), a space also as "+". For a secret beyond
 * ASCII the text may hold it as JS characters (finding text) or as its UTF-8 bytes read as latin1
 * (a raw message): both are matched.
 */
function urlEncodedOrPlain(bytes: Uint8Array, secret: string): string {
  const perByte = [...bytes]
    .map((b) => {
      const alts = [`%${hexOf([b])}`, escapeRegExp(String.fromCharCode(b))];
      if (b === 0x20) alts.push('\\+');
      return `(?:${alts.join('|')})`;
    })
    .join('');
  // eslint-disable-next-line no-control-regex -- anything beyond ASCII is matched as JS characters too
  const plain = /[^\x00-\x7f]/.test(secret) ? `|${escapeRegExp(secret)}` : '';
  return `(?:${perByte}${plain})`;
}

/** Hex digits as classes of both cases, so the letters of the secret itself stay case-exact. */
function hexOf(bytes: Iterable<number>): string {
  return [...bytes]
    .map((b) =>
      [...b.toString(16).padStart(2, '0')]
        .map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d))
        .join(''),
    )
    .join('');
}

/**
 * The base64 characters that depend on the secret's bytes alone, for the secret starting at byte
 * offset 0, 1 and 2 of a 3-byte group: whatever surrounds it, its encoding contains one of these.
 */
export function base64Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = btoa(String.fromCharCode(...padded));
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    if (last > first) cores.push(encoded.slice(first, last));
  }
  return cores;
}

function toBase64Url(s: string): string {
  return s.replace(/\+/g, '-').replace(/\//g, '_');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
