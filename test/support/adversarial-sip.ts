// Hostile but well-formed-enough SIP text for the linear-time tests and the bench (issue 14): each
// input is sized so that a linear pass takes a fraction of a second and a quadratic one minutes.
// Every generator builds its text with one join, so the harness itself stays linear.

const CRLF = '\r\n';

/** The headers every request needs (RFC 3261 §8.1.1), with a call id of the caller's choosing. */
export function baseHeaders(callId: string, cseq = 1, method = 'INVITE'): string[] {
  return [
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-adv-' + callId,
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:bob@example.com>',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
  ];
}

function request(extra: readonly string[], body = '', callId = 'adv@example.com'): string {
  return [
    'INVITE sip:bob@example.com SIP/2.0',
    ...baseHeaders(callId),
    ...extra,
    `Content-Length: ${body.length}`,
    '',
    body,
  ].join(CRLF);
}

/** One Subject header continued over `lines` folded lines (RFC 3261 §7.3.1), 6 bytes each. */
export function foldedLines(lines: number): string {
  return request([`Subject: start${CRLF}${' abc\r\n'.repeat(lines - 1)} abc`]);
}

/** The value the folded Subject unfolds to: each fold becomes one space. */
export function foldedValue(lines: number): string {
  return `start${' abc'.repeat(lines)}`;
}

/** One header whose value is `bytes` long. */
export function longHeader(bytes: number): string {
  return request([`X-Long: ${'x'.repeat(bytes)}`]);
}

/** `count` distinct extension headers. */
export function manyHeaders(count: number): string {
  const extra: string[] = [];
  for (let i = 0; i < count; i++) extra.push(`X-H${i}: v${i}`);
  return request(extra);
}

/** A Contact list of `count` bindings: `count - 1` commas between them (§7.3.1). */
export function manyCommas(count: number): string {
  return request([`Contact: ${Array.from({ length: count }, (_, i) => `<sip:u${i}@192.0.2.20>`).join(',')}`]);
}

/** A To header whose parameter list has `count` semicolons. */
export function manySemicolons(count: number): string {
  return request([`X-Params: v${';p'.repeat(count)}`, `Route: <sip:p@192.0.2.30${';lr'.repeat(count)}>`]);
}

/** A Contact list of `count` quoted display names, one a comma inside its quotes. */
export function manyQuotedStrings(count: number): string {
  return request([
    `Contact: ${Array.from({ length: count }, (_, i) => `"Smith, J${i}" <sip:j${i}@192.0.2.21>`).join(', ')}`,
  ]);
}

/** A To header nested `depth` angle brackets deep. */
export function nestedAngles(depth: number): string {
  return request([`Reply-To: ${'<'.repeat(depth)}sip:deep@example.com${'>'.repeat(depth)}`]);
}

/** A body of `bytes` bytes of CRLF pairs, declared in Content-Length. */
export function crlfBody(bytes: number): string {
  return request(['Content-Type: text/plain'], CRLF.repeat(bytes / 2));
}

/** Two messages with `count` empty lines between them (RFC 3261 §7.5 allows CRLFs before one). */
export function emptyLinesBetween(count: number): string {
  return `${request([], '', 'first@example.com')}${CRLF.repeat(count)}${request([], '', 'second@example.com')}`;
}

/** A request whose Request-URI is `bytes` long. */
export function longStartLine(bytes: number): string {
  const uri = `sip:${'u'.repeat(bytes)}@example.com`;
  return request([]).replace('INVITE sip:bob@example.com SIP/2.0', `INVITE ${uri} SIP/2.0`);
}

/** `count` OPTIONS requests one after another with no empty line after their headers. */
export function messagesWithoutBlankLines(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(`OPTIONS sip:bob@example.com SIP/2.0`, ...baseHeaders(`nb${i}@example.com`, i + 1, 'OPTIONS'));
  }
  return parts.join(CRLF) + CRLF;
}

/** `count` complete OPTIONS requests back to back, as a plain-text trace or a TCP stream holds them. */
export function manyMessages(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(
      [`OPTIONS sip:bob@example.com SIP/2.0`, ...baseHeaders(`m${i}@example.com`, i + 1, 'OPTIONS')].join(
        CRLF,
      ),
      `${CRLF}Content-Length: 0${CRLF}${CRLF}`,
    );
  }
  return parts.join('');
}

/** One header continued over `lines` folds that hold nothing but whitespace and a comma. */
export function whitespaceFolds(lines: number): string {
  return request([`Via: SIP/2.0/UDP 192.0.2.11:5060;branch=z9hG4bK-ws${'\r\n \t ,'.repeat(lines)}`]);
}

/** Headers holding one run of `bytes` spaces and tabs where a parameter or a value goes on. */
export function whitespaceRun(bytes: number): string {
  const ws = ' \t'.repeat(bytes / 2);
  return request([
    `Contact: <sip:c@192.0.2.12>${ws};expires=60`,
    `Record-Route: <sip:rr@192.0.2.13;lr>${ws},<sip:rr2@192.0.2.14;lr>`,
    `X-Blank: a${ws}b`,
  ]);
}

/** A 401 whose one WWW-Authenticate row holds `count` challenges (RFC 3261 §20.44, §25). */
export function manyChallenges(count: number): string {
  const challenges = Array.from(
    { length: count },
    (_, i) => `Digest realm="r${i}", nonce="n${i}", algorithm=MD5, qop="auth"`,
  ).join(', ');
  return [
    'SIP/2.0 401 Unauthorized',
    ...baseHeaders('auth@example.com', 1, 'REGISTER'),
    `WWW-Authenticate: ${challenges}`,
    'Content-Length: 0',
    '',
    '',
  ].join(CRLF);
}
