// The body length of a SIP message on a stream: the Content-Length header, long or compact form
// "l" (RFC 3261 §20.14, §7.3.3), names case-insensitive, whitespace allowed around the colon
// (§7.3.1). Read in place from the header bytes; the first occurrence wins.

const LF = 0x0a;
const COLON = 0x3a;
const NAME = 'content-length';

function isBlank(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09;
}

/** Length of the header name at `at` if it is Content-Length or "l", else 0. */
function contentLengthName(b: Uint8Array, at: number, end: number): number {
  let i = 0;
  while (i < NAME.length && at + i < end && ((b[at + i] ?? 0) | 0x20) === NAME.charCodeAt(i)) i++;
  if (i === NAME.length) return i;
  if (((b[at] ?? 0) | 0x20) === 0x6c && (isBlank(b[at + 1]) || b[at + 1] === COLON)) return 1;
  return 0;
}

/**
 * Content-Length of the headers in `b[start, end)` (start line included), or undefined when
 * there is none or it has no digits. Values beyond 2^31 are clamped rather than overflowing.
 */
export function readContentLength(b: Uint8Array, start: number, end: number): number | undefined {
  let lineStart = b.indexOf(LF, start) + 1;
  while (lineStart > 0 && lineStart < end) {
    const nameLength = contentLengthName(b, lineStart, end);
    if (nameLength > 0) {
      let i = lineStart + nameLength;
      while (i < end && isBlank(b[i])) i++;
      if (b[i] === COLON) {
        i++;
        while (i < end && isBlank(b[i])) i++;
        let value = 0;
        let digits = 0;
        for (let c = b[i]; i < end && c !== undefined && c >= 0x30 && c <= 0x39; c = b[++i]) {
          value = Math.min(value * 10 + (c - 0x30), 2 ** 31);
          digits++;
        }
        if (digits > 0) return value;
      }
    }
    lineStart = b.indexOf(LF, lineStart) + 1;
  }
  return undefined;
}
