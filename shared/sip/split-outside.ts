// Splitting header values at a separator that is not inside a quoted string or a <URI>.
// RFC 3261 §7.3.1 joins list values with commas; a display name may hold a comma
// ("Smith, John" <sip:j@x>, §25 quoted-string with quoted-pair escapes) and a URI may hold
// commas or semicolons of its own inside < > (§20.10). One linear pass, no regex.

const QUOTE = 34; // "
const BACKSLASH = 92;
const LT = 60;
const GT = 62;

/**
 * Split `text` at every `sep` character outside quotes and angle brackets. A stray '>' (a
 * damaged name-addr) never drives the depth below zero, so it cannot swallow the rest.
 */
export function splitOutside(text: string, sep: string): string[] {
  const sepCode = sep.charCodeAt(0);
  const parts: string[] = [];
  let inQuote = false;
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inQuote = false;
      continue;
    }
    if (c === QUOTE) inQuote = true;
    else if (c === LT) depth++;
    else if (c === GT) depth = depth > 0 ? depth - 1 : 0;
    else if (c === sepCode && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** The elements of a list header value (RFC 3261 §7.3.1), trimmed, empty ones dropped. */
export function splitList(value: string): string[] {
  if (!value.includes(',')) {
    const t = value.trim();
    return t === '' ? [] : [t];
  }
  const out: string[] = [];
  for (const part of splitOutside(value, ',')) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/** Index of the first `ch` outside quotes (and outside < > when `skipAngles`), or -1. */
export function indexOutside(text: string, ch: string, from = 0, skipAngles = false): number {
  const code = ch.charCodeAt(0);
  let inQuote = false;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inQuote = false;
      continue;
    }
    if (c === code && (!skipAngles || depth === 0)) return i;
    if (c === QUOTE) inQuote = true;
    else if (skipAngles && c === LT) depth++;
    else if (skipAngles && c === GT) depth = depth > 0 ? depth - 1 : 0;
  }
  return -1;
}
