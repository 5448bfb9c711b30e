// Keep-alives on a SIP flow: the bytes a UA or proxy sends only to keep a NAT binding (or a TCP
// connection) open. They are not SIP messages and never broken SIP: a capture of a phone behind NAT
// holds hundreds of them, and each must be counted, not reported as a syntax error.
//   - RFC 5626 §4.4.1 / §3.5.1: a double CRLF "ping", answered by a single CRLF "pong".
//   - Blank-ish datagrams some UAs send instead (X-Lite: five spaces; others: NUL bytes).
//   - Vendor words ("hello", "ping", "keep-alive", "jaK"): one short word alone in a datagram.
//   - STUN (RFC 5389 / RFC 8489) Binding on the SIP port: RFC 5626 §4.4.2 keep-alives over UDP.
// Works on bytes in place (the pcap path classifies every datagram) and on latin1 text (imports).

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
const NUL = 0x00;

export type KeepAliveKind = 'ping' | 'pong' | 'crlf' | 'spaces' | 'nul' | 'word' | 'stun';

/** Longer payloads are never keep-alives: a STUN Binding with ICE attributes stays well below. */
export const MAX_KEEP_ALIVE_BYTES = 548;
/** A vendor's keep-alive word ("hello", "keep-alive"); anything longer is data, not a keep-alive. */
const MAX_WORD = 16;
/** STUN header (RFC 8489 §5): type, length, magic cookie, transaction id. */
const STUN_HEADER = 20;
/** The Binding method (RFC 8489 §18.2), in any class: request, indication, success or error response. */
const STUN_METHOD_MASK = 0x3eef;
const STUN_BINDING = 0x0001;

/** Skips the CRLFs that may precede a message (RFC 3261 §7.5) or make up a keep-alive. */
export function skipLineBreaks(b: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && (b[i] === CR || b[i] === LF)) i++;
  return i;
}

/** Only CR and LF: a RFC 5626 keep-alive ping ("\r\n\r\n") or pong ("\r\n"). */
export function isCrlfKeepAlive(b: Uint8Array, at: number, end: number): boolean {
  return end > at && skipLineBreaks(b, at, end) === end;
}

/** A STUN message (RFC 8489 §5: two zero bits, then the magic cookie 0x2112A442 at offset 4). */
export function isStun(b: Uint8Array, at: number, end: number): boolean {
  return (
    end - at >= STUN_HEADER &&
    ((b[at] ?? 0) & 0xc0) === 0 &&
    b[at + 4] === 0x21 &&
    b[at + 5] === 0x12 &&
    b[at + 6] === 0xa4 &&
    b[at + 7] === 0x42
  );
}

/** A STUN Binding whose length field matches the datagram (RFC 8489 §5: attributes pad to 4). */
function isStunBinding(b: Uint8Array, at: number, end: number): boolean {
  if (!isStun(b, at, end)) return false;
  const type = ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
  const length = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
  return (type & STUN_METHOD_MASK) === STUN_BINDING && STUN_HEADER + length === end - at;
}

function isWordByte(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || // 0-9
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    c === 0x2d || // -
    c === 0x5f || // _
    c === 0x2e // .
  );
}

function isUpperCaseWord(b: Uint8Array, at: number, end: number): boolean {
  for (let i = at; i < end; i++) if (b[i]! >= 0x61 && b[i]! <= 0x7a) return false;
  return true;
}

/** What kind of keep-alive `b[at, end)` is, or undefined when it is anything else (SIP, data). */
export function classifyKeepAlive(b: Uint8Array, at = 0, end = b.length): KeepAliveKind | undefined {
  const size = end - at;
  if (size <= 0 || size > MAX_KEEP_ALIVE_BYTES) return undefined;
  if (isStunBinding(b, at, end)) return 'stun';
  let crlf = 0;
  let blanks = 0;
  let nuls = 0;
  let word = 0;
  for (let i = at; i < end; i++) {
    const c = b[i]!;
    if (c === CR || c === LF) crlf++;
    else if (c === SP || c === TAB) blanks++;
    else if (c === NUL) nuls++;
    // A word is one run at the start; line ends, blanks or NULs may only trail it.
    else if (isWordByte(c) && crlf + blanks + nuls === 0) word++;
    else return undefined;
  }
  // An upper-case word alone ("INVITE", "SIP") is the first word of a message cut short, not a greeting.
  if (word > 0) return word <= MAX_WORD && !isUpperCaseWord(b, at, at + word) ? 'word' : undefined;
  if (nuls > 0) return blanks + crlf === 0 ? 'nul' : undefined;
  if (blanks > 0) return 'spaces';
  // Only line ends: RFC 5626 §4.4.1 names the exact two; other runs of line ends are the same idea.
  if (size === 4 && b[at] === CR && b[at + 1] === LF && b[at + 2] === CR && b[at + 3] === LF) return 'ping';
  if (size === 2 && b[at] === CR && b[at + 1] === LF) return 'pong';
  return 'crlf';
}

/** The same for a message's latin1 text (one char per byte), as imports and the store hold it. */
export function keepAliveOfText(text: string): KeepAliveKind | undefined {
  if (text.length === 0 || text.length > MAX_KEEP_ALIVE_BYTES) return undefined;
  // Most texts are SIP messages, with a ':' or '/' in their first words: told apart without
  // copying them to bytes (an import of 100,000 messages asks this of every one).
  if (!maybeStun(text)) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== CR && c !== LF && c !== SP && c !== TAB && c !== NUL && !isWordByte(c)) return undefined;
    }
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return classifyKeepAlive(bytes);
}

/** Could be STUN: the magic cookie (RFC 8489 §5) at offset 4. */
function maybeStun(text: string): boolean {
  return (
    text.length >= STUN_HEADER &&
    text.charCodeAt(4) === 0x21 &&
    text.charCodeAt(5) === 0x12 &&
    text.charCodeAt(6) === 0xa4 &&
    text.charCodeAt(7) === 0x42
  );
}

/** How a person reads the kind, in the ladder and the summary. */
export function keepAliveLabel(kind: KeepAliveKind): string {
  switch (kind) {
    case 'ping':
      return 'CRLF ping';
    case 'pong':
      return 'CRLF pong';
    case 'crlf':
      return 'CRLF keep-alive';
    case 'spaces':
      return 'blank keep-alive';
    case 'nul':
      return 'NUL keep-alive';
    case 'word':
      return 'vendor keep-alive';
    case 'stun':
      return 'STUN keep-alive';
  }
}

/** Line ends alone: RFC 5626's own keep-alive, SIP on whatever port it travels. */
export function isLineEndKeepAlive(kind: KeepAliveKind): boolean {
  return kind === 'ping' || kind === 'pong' || kind === 'crlf';
}
