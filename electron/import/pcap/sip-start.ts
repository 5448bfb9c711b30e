// Telling SIP apart from everything else on the wire by its first line (RFC 3261 §7.1):
//   Request-Line = Method SP Request-URI SP SIP-Version CRLF
//   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
// Ports prove nothing (SIPp, Kamailio and phones use any port), the first line does. Checks
// work on bytes in place: an RTP packet is rejected on its first byte, without allocating.

// Keep-alive tests live beside the rest of keep-alive handling, shared with text imports.
export { isCrlfKeepAlive, isStun, skipLineBreaks } from '../../../shared/sip/keep-alive';

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
// Longer first lines exist only in damaged or hostile data; stop looking there.
export const MAX_START_LINE = 4096;

/** RFC 3261 §25.1 token characters: alphanum and -.!%*_+`'~ */
const TOKEN = new Uint8Array(256);
for (const c of "-.!%*_+`'~") TOKEN[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function isSipWord(b: Uint8Array, at: number): boolean {
  return (
    ((b[at] ?? 0) | 0x20) === 0x73 && ((b[at + 1] ?? 0) | 0x20) === 0x69 && ((b[at + 2] ?? 0) | 0x20) === 0x70
  );
}

/**
 * Where "SIP/1*DIGIT.1*DIGIT" ending exactly at `stop` begins, or -1. Any version: a message
 * saying SIP/9.0 is still SIP, for the linter to flag (RFC 4475 §3.1.2.16).
 */
function versionEndingAt(b: Uint8Array, from: number, stop: number): number {
  let i = stop - 1;
  const minor = i;
  while (i >= from && isDigit(b[i])) i--;
  if (i === minor || b[i] !== 0x2e) return -1;
  const major = --i;
  while (i >= from && isDigit(b[i])) i--;
  if (i === major || b[i] !== 0x2f || i - 3 < from || !isSipWord(b, i - 3)) return -1;
  return i - 3;
}

/** Just past "SIP/1*DIGIT.1*DIGIT" starting at `at`, or -1. */
function versionEnd(b: Uint8Array, at: number, stop: number): number {
  if (!isSipWord(b, at) || b[at + 3] !== 0x2f) return -1;
  let i = at + 4;
  const major = i;
  while (i < stop && isDigit(b[i])) i++;
  if (i === major || b[i] !== 0x2e) return -1;
  const minor = ++i;
  while (i < stop && isDigit(b[i])) i++;
  return i === minor ? -1 : i;
}

export type StartLineCheck = 'sip' | 'not-sip' | 'incomplete';

/** Whether `b[at, end)` starts with a complete SIP request or status line. */
export function checkStartLine(b: Uint8Array, at: number, end: number): StartLineCheck {
  const first = b[at];
  if (first === undefined || at >= end) return 'incomplete';
  // Cheap rejection first: every start line begins with a token character ("SIP" or a method).
  if (TOKEN[first] !== 1) return 'not-sip';
  const limit = Math.min(end, at + MAX_START_LINE);
  let lineEnd = -1;
  for (let i = at; i < limit; i++) {
    const c = b[i];
    if (c === LF) {
      lineEnd = i;
      break;
    }
    // Control bytes other than CR/TAB never occur in a start line: binary data, give up early.
    if (c !== undefined && c < 0x20 && c !== CR && c !== 0x09) return 'not-sip';
  }
  if (lineEnd < 0) return limit === end && end - at < MAX_START_LINE ? 'incomplete' : 'not-sip';
  let lineStop = b[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
  // Status-Line: SIP/2.0 SP 3DIGIT (SP Reason-Phrase). A longer code is still a status line, for
  // the linter to flag (RFC 4475 §3.1.2.19).
  const statusAt = versionEnd(b, at, lineStop);
  if (statusAt > 0) {
    let d = statusAt + 1;
    while (d < lineStop && isDigit(b[d])) d++;
    return b[statusAt] === SP && d - statusAt - 1 >= 3 && (d === lineStop || b[d] === SP) ? 'sip' : 'not-sip';
  }
  // Request-Line: token SP URI SP SIP/2.0, read with the damage RFC 4475 §3.1.2 tortures it with
  // (several SP, SP at the end): the linter says what is wrong once the message is imported.
  while (lineStop > at && (b[lineStop - 1] === SP || b[lineStop - 1] === 0x09)) lineStop--;
  let i = at;
  while (i < lineStop && TOKEN[b[i] ?? 0] === 1) i++;
  if (i === at || b[i] !== SP) return 'not-sip';
  const uriStart = i + 1;
  const versionAt = versionEndingAt(b, uriStart, lineStop);
  if (versionAt - 1 <= uriStart || b[versionAt - 1] !== SP) return 'not-sip';
  return 'sip';
}

/** A TLS (or DTLS) record header: content type 20-24, major version 3 (RFC 8446 §5.1), DTLS 254. */
export function isTlsRecord(b: Uint8Array, at: number, end: number): boolean {
  const type = b[at] ?? 0;
  const major = b[at + 1];
  return end - at >= 5 && type >= 20 && type <= 24 && (major === 3 || major === 254);
}

/**
 * Offset of the first SIP start line that begins right after a line feed (where the buffer
 * begins is not known to be a line start: "ITE sip:… SIP/2.0" is the tail of an INVITE line).
 * -1 when there is none; a candidate whose line is still incomplete also counts.
 */
export function findStartLine(b: Buffer): number {
  let from = 0;
  // Bytes before this are already walked back over: a line with many "SIP/2.0" in it is walked
  // once, not once per occurrence (issue 14).
  let walked = 0;
  let lastLineStart = -1;
  for (;;) {
    const version = b.indexOf('SIP/2.0', from, 'latin1');
    if (version < 0) return -1;
    from = version + 1;
    let lineStart = version;
    while (lineStart > walked && b[lineStart - 1] !== LF && version - lineStart < MAX_START_LINE) lineStart--;
    const stoppedAtWalked = lineStart === walked && lineStart > 0 && b[lineStart - 1] !== LF;
    walked = version;
    // Reached bytes walked before without a line feed: the same line as the last candidate.
    if (stoppedAtWalked) lineStart = lastLineStart;
    if (lineStart < 0 || lineStart === lastLineStart) continue;
    lastLineStart = lineStart;
    if (lineStart > 0 && b[lineStart - 1] === LF && checkStartLine(b, lineStart, b.length) !== 'not-sip') {
      return lineStart;
    }
  }
}
