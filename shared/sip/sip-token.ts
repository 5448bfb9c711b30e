// Character classes of the RFC 3261 §25 grammar, as lookup tables: the parser runs over
// hundreds of thousands of lines and a table lookup per char costs less than a regex per line.

const TOKEN_EXTRA = "-.!%*_+`'~";

const TOKEN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch) || TOKEN_EXTRA.includes(ch)) TOKEN[c] = 1;
}

/** RFC 3261 §25: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] !== 1) return false;
  }
  return true;
}

/** RFC 3261 §25 hostname / IPv4address: alphanum, "-" and "."; "_" is tolerated (it is common). */
export function isHostName(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 45 ||
      c === 46 ||
      c === 95;
    if (!ok) return false;
  }
  return true;
}

/** RFC 3261 §25 IPv6address (loosely: hex digits, ':' and an embedded IPv4 tail). */
export function isIpv6(s: string): boolean {
  if (s.length < 2 || !s.includes(':')) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
    if (!ok) return false;
  }
  return true;
}

/** A decimal port 1-65535, or undefined. */
export function readPort(s: string): number | undefined {
  if (s.length === 0 || s.length > 5) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
