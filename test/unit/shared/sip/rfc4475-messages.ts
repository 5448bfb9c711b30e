// Messages written for this project, one per RFC 4475 §3.1 parser case, each reproducing the one
// property its case tests (the RFC's own messages are not copied: each is authored here around
// that property, with every other line valid). Named after the RFC's case names.
//   valid:   §3.1.1 — a receiver must accept them; the linter must not call them wrong.
//   invalid: §3.1.2 — each breaks exactly one rule of the RFC 3261 §25 grammar (or §18.3, §20).

export interface TortureCase {
  /** RFC 4475 case name, e.g. "badinv01". */
  readonly name: string;
  /** RFC 4475 section. */
  readonly section: string;
  /** The message, latin1 (one char per byte). */
  readonly text: string;
}

export interface InvalidCase extends TortureCase {
  /** Where the tolerant parser must report it ('start-line' or the header's lower-case name). */
  readonly where: string;
  /** The problem's message must say this. */
  readonly says: RegExp;
}

const CRLF = '\r\n';

/** The header rows of a message's head, folded lines joined (RFC 3261 §7.3.1). */
function headRows(text: string): string[] {
  return text
    .slice(0, text.indexOf(`${CRLF}${CRLF}`))
    .replace(/\r\n[ \t]+/g, ' ')
    .split(CRLF)
    .slice(1);
}

const named = (names: string) => new RegExp(`^(${names})[ \\t]*:`, 'i');

/**
 * What completes `request` on the wire, each as the peer or the UA writes it: a 200 copying Via,
 * From, To (with a tag), Call-ID and CSeq (RFC 3261 §8.2.6.2); for an INVITE also the ACK and a
 * BYE with its 200, so the call ends (§13.2.2.4, §15).
 */
export function completeExchange(request: string): { readonly from: 'ua' | 'peer'; readonly text: string }[] {
  const rows = headRows(request);
  const tagged = rows
    .filter((h) => named('via|v|from|f|to|t|call-id|i|cseq').test(h))
    .map((h) => (named('to|t').test(h) && !/;tag=/i.test(h) ? `${h};tag=uas-1` : h));
  const ok = (of: readonly string[]) => message('SIP/2.0 200 OK', of);
  if (!request.startsWith('INVITE ')) return [{ from: 'peer', text: ok(tagged) }];
  const seq = Number(/^(?:cseq)[ \t]*:[ \t]*(\d+)/im.exec(rows.join(CRLF))?.[1] ?? '1');
  const dialog = tagged.filter((h) => named('from|f|to|t|call-id|i').test(h));
  const inDialog = (method: string, cseq: number, branch: string) => [
    `Via: SIP/2.0/UDP ua1.example.org:5060;branch=z9hG4bK-${branch}`,
    'Max-Forwards: 70',
    ...dialog,
    `CSeq: ${cseq} ${method}`,
  ];
  const bye = inDialog('BYE', seq + 1, 'bye');
  return [
    { from: 'peer', text: ok(tagged) },
    { from: 'ua', text: message('ACK sip:bob@example.net SIP/2.0', inDialog('ACK', seq, 'ack')) },
    { from: 'ua', text: message('BYE sip:bob@example.net SIP/2.0', bye) },
    { from: 'peer', text: ok(bye.filter((h) => !h.startsWith('Max-Forwards'))) },
  ];
}

/** Start line and headers joined with CRLF, the empty line, the body; Content-Length computed. */
function message(start: string, headers: readonly string[], body = '', contentLength?: string): string {
  const length = contentLength ?? String(body.length);
  return [start, ...headers, `Content-Length: ${length}`, '', body].join(CRLF);
}

/** The headers every request needs (RFC 3261 §8.1.1), for a method and a dialog of this file. */
function requestHeaders(method: string, id: string, cseq = 1): string[] {
  return [
    `Via: SIP/2.0/UDP ua1.example.org:5060;branch=z9hG4bK-${id}`,
    'Max-Forwards: 70',
    `From: "Ann" <sip:ann@example.org>;tag=t-${id}`,
    'To: <sip:bob@example.net>',
    `Call-ID: ${id}@ua1.example.org`,
    `CSeq: ${cseq} ${method}`,
  ];
}

const SDP = [
  'v=0',
  'o=ann 3117 3117 IN IP4 ua1.example.org',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join(CRLF);

export const VALID: readonly TortureCase[] = [
  {
    // Folded lines, tabs and runs of spaces around colons, compact forms, odd case, an unknown header.
    name: 'wsinv',
    section: '3.1.1.1',
    text: message(
      'INVITE sip:bob@example.net SIP/2.0',
      [
        'v:  SIP/2.0/UDP  ua1.example.org:5060 ;  branch = z9hG4bK-wsinv',
        'max-forwards:\t70',
        'f : "Ann \\"the\\" Caller"\t <sip:ann@example.org> ;tag = t-wsinv',
        'TO :',
        '   <sip:bob@example.net>',
        'i: wsinv@ua1.example.org',
        'cseq:  1',
        '\tINVITE',
        'X-Folded-Unknown: first part,',
        '  second part',
        'c: application/sdp',
        'Subject:',
        'm: <sip:ann@ua1.example.org>',
      ],
      SDP,
    ),
  },
  {
    // Every token character in the method and a header name; escapes and a quoted-pair elsewhere.
    name: 'intmeth',
    section: '3.1.1.2',
    text: message("!shout-Method09_*+`.%oh'~ sip:%61nn;odd-param=!*+_@example.net;lr SIP/2.0", [
      'Via: SIP/2.0/TCP ua1.example.org;branch=z9hG4bK-intmeth',
      'Max-Forwards: 255',
      'From: "\\\\\\"odd\\" one" <sip:ann@example.org>;tag=t-intmeth',
      'To: "\u00e9\u00e8" <sip:bob@example.net>',
      'Call-ID: intmeth.+%!~`*@ua1.example.org',
      "CSeq: 139 !shout-Method09_*+`.%oh'~",
      'x-Head.!%*+_`\'~: a value with ; and , and "quotes"',
    ]),
  },
  {
    // %-escapes in the user part of the Request-URI and of From/To (RFC 3261 §19.1.2).
    name: 'esc01',
    section: '3.1.1.3',
    text: message('INVITE sip:sip%3Abob%40example.com@example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-esc01',
      'Max-Forwards: 70',
      'From: <sip:%61nn@example.org>;tag=t-esc01',
      'To: <sip:sip%3Abob%40example.com@example.net>',
      'Call-ID: esc01@ua1.example.org',
      'CSeq: 1 INVITE',
    ]),
  },
  {
    // An escaped NUL (%00) in URIs: legal as an escape, whatever a UA makes of it.
    name: 'escnull',
    section: '3.1.1.4',
    text: message('REGISTER sip:example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-escnull',
      'Max-Forwards: 70',
      'From: <sip:nul%00nul@example.net>;tag=t-escnull',
      'To: <sip:nul%00nul@example.net>',
      'Call-ID: escnull@ua1.example.org',
      'CSeq: 1 REGISTER',
      'Contact: <sip:%00@ua1.example.org>',
    ]),
  },
  {
    // '%' where it is not an escape: in a method (a token char) and in a display name.
    name: 'esc02',
    section: '3.1.1.5',
    text: message('RE%47IST%45R sip:example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-esc02',
      'Max-Forwards: 70',
      'From: "%41nn" <sip:ann@example.net>;tag=t-esc02',
      'To: "%42ob" <sip:ann@example.net>',
      'Call-ID: esc02%41@ua1.example.org',
      'CSeq: 1 RE%47IST%45R',
    ]),
  },
  {
    // No space between a display name and '<'.
    name: 'lwsdisp',
    section: '3.1.1.6',
    text: message('OPTIONS sip:bob@example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-lwsdisp',
      'Max-Forwards: 70',
      'From: ann<sip:ann@example.org>;tag=t-lwsdisp',
      'To: "Bob"<sip:bob@example.net>',
      'Call-ID: lwsdisp@ua1.example.org',
      'CSeq: 1 OPTIONS',
    ]),
  },
  {
    // Very long values: user, display name, tag, branch, Call-ID, many Via rows, a long header.
    name: 'longreq',
    section: '3.1.1.7',
    text: message(`INVITE sip:${'u'.repeat(300)}@example.net SIP/2.0`, [
      `Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-${'b'.repeat(400)}`,
      ...Array.from({ length: 40 }, (_, i) => `Via: SIP/2.0/UDP p${i}.example.org;branch=z9hG4bK-p${i}`),
      'Max-Forwards: 70',
      `From: "${'A'.repeat(500)}" <sip:ann@example.org>;tag=${'t'.repeat(300)}`,
      `To: <sip:${'u'.repeat(300)}@example.net>`,
      `Call-ID: ${'c'.repeat(600)}@ua1.example.org`,
      'CSeq: 1 INVITE',
      `X-Long: ${'v'.repeat(5000)}`,
    ]),
  },
  {
    // Two requests in one UDP datagram: the Content-Length ends the first; the rest is discarded
    // (RFC 3261 §18.3), it is not a second message.
    name: 'dblreq',
    section: '3.1.1.8',
    text:
      message('REGISTER sip:example.net SIP/2.0', [
        ...requestHeaders('REGISTER', 'dblreq'),
        'Contact: <sip:ann@ua1.example.org>',
      ]) + message('INVITE sip:bob@example.net SIP/2.0', requestHeaders('INVITE', 'dblreq-2'), SDP),
  },
  {
    // Semicolons in the user part of a URI (user = unreserved / escaped / user-unreserved).
    name: 'semiuri',
    section: '3.1.1.9',
    text: message('OPTIONS sip:ann;mode=x%40y@example.net;maddr=example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-semiuri',
      'Max-Forwards: 70',
      'From: <sip:carol@example.org>;tag=t-semiuri',
      'To: <sip:ann;mode=x%40y@example.net>',
      'Call-ID: semiuri@ua1.example.org',
      'CSeq: 1 OPTIONS',
    ]),
  },
  {
    // Known and unknown transports in Via (transport = ... / other-transport).
    name: 'transports',
    section: '3.1.1.10',
    text: message('OPTIONS sip:bob@example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-transports',
      'Via: SIP/2.0/SCTP p1.example.org;branch=z9hG4bK-t1',
      'Via: SIP/2.0/TLS p2.example.org;branch=z9hG4bK-t2',
      'Via: SIP/2.0/FUTURE-NET p3.example.org;branch=z9hG4bK-t3',
      'Via: SIP/2.0/TCP p4.example.org;branch=z9hG4bK-t4',
      'Max-Forwards: 70',
      'From: <sip:ann@example.org>;tag=t-transports',
      'To: <sip:bob@example.net>',
      'Call-ID: transports@ua1.example.org',
      'CSeq: 1 OPTIONS',
    ]),
  },
  {
    // A multipart body whose second part is binary with NUL bytes: only Content-Length says where it ends.
    name: 'mpart01',
    section: '3.1.1.11',
    text: message(
      'MESSAGE sip:bob@example.net SIP/2.0',
      [...requestHeaders('MESSAGE', 'mpart01'), 'Content-Type: multipart/mixed;boundary=zz-part-zz'],
      [
        '--zz-part-zz',
        'Content-Type: text/plain',
        '',
        'see the attachment',
        '--zz-part-zz',
        'Content-Type: application/octet-stream',
        'Content-Transfer-Encoding: binary',
        '',
        '\x00\x01\x02\xff\x00\r\x00\n\x00\xfe',
        '--zz-part-zz--',
        '',
      ].join(CRLF),
    ),
  },
  {
    // A reason phrase of UTF-8 and punctuation (Reason-Phrase = *(reserved / unreserved / ... / UTF8-NONASCII / ...)).
    name: 'unreason',
    section: '3.1.1.12',
    text: message('SIP/2.0 200 = 6 * 7 \u00c3\u00a9t\u00c3\u00a9 \u00e2\u0080\u0094 ok?!', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-unreason',
      'From: <sip:ann@example.org>;tag=t-unreason',
      'To: <sip:bob@example.net>;tag=t-bob',
      'Call-ID: unreason@ua1.example.org',
      'CSeq: 1 OPTIONS',
    ]),
  },
  {
    // An empty reason phrase: the SP after the code is required, the phrase may be empty.
    name: 'noreason',
    section: '3.1.1.13',
    text: message('SIP/2.0 100 ', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-noreason',
      'From: <sip:ann@example.org>;tag=t-noreason',
      'To: <sip:bob@example.net>',
      'Call-ID: noreason@ua1.example.org',
      'CSeq: 1 INVITE',
    ]),
  },
];

export const INVALID: readonly InvalidCase[] = [
  {
    // Empty parameters and empty list elements (";;" and ",,").
    name: 'badinv01',
    section: '3.1.2.1',
    where: 'via',
    says: /empty/,
    text: message('INVITE sip:bob@example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-badinv01;;,;,,',
      'Max-Forwards: 70',
      'From: <sip:ann@example.org>;tag=t-badinv01',
      'To: <sip:bob@example.net>',
      'Call-ID: badinv01@ua1.example.org',
      'CSeq: 1 INVITE',
      'Contact: <sip:ann@ua1.example.org>;;;',
    ]),
  },
  {
    // Content-Length says more than the UDP datagram holds.
    name: 'clerr',
    section: '3.1.2.2',
    where: 'content-length',
    says: /says 4000 bytes but the body has \d+/,
    text: message('INVITE sip:bob@example.net SIP/2.0', requestHeaders('INVITE', 'clerr'), SDP, '4000'),
  },
  {
    // A negative Content-Length.
    name: 'ncl',
    section: '3.1.2.3',
    where: 'content-length',
    says: /Content-Length '-\d+' is not a number/,
    text: message('INVITE sip:bob@example.net SIP/2.0', requestHeaders('INVITE', 'ncl'), SDP, '-72'),
  },
  {
    // Request scalars beyond their range: CSeq ≥ 2^31, Max-Forwards > 255, Expires ≥ 2^32.
    name: 'scalar02',
    section: '3.1.2.4',
    where: 'cseq',
    says: /not below 2\^31/,
    text: message('REGISTER sip:example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-scalar02',
      'Max-Forwards: 256',
      'From: <sip:ann@example.net>;tag=t-scalar02',
      'To: <sip:ann@example.net>',
      'Call-ID: scalar02@ua1.example.org',
      'CSeq: 18446744073709551617 REGISTER',
      'Expires: 99999999999999999999',
      'Contact: <sip:ann@ua1.example.org>;expires=7777777777777',
    ]),
  },
  {
    // Response scalars beyond their range: a 4-digit warn-code and an overlarge Retry-After.
    name: 'scalarlg',
    section: '3.1.2.5',
    where: 'warning',
    says: /warn-code/,
    text: message('SIP/2.0 503 Service Unavailable', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-scalarlg',
      'From: <sip:ann@example.org>;tag=t-scalarlg',
      'To: <sip:bob@example.net>;tag=t-bob',
      'Call-ID: scalarlg@ua1.example.org',
      'CSeq: 1 OPTIONS',
      'Retry-After: 36893488147419103232',
      'Warning: 3990 p1.example.net "busy"',
    ]),
  },
  {
    // A display name whose opening quote never closes.
    name: 'quotbal',
    section: '3.1.2.6',
    where: 'to',
    says: /never closes/,
    text: message('INVITE sip:bob@example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-quotbal',
      'Max-Forwards: 70',
      'From: <sip:ann@example.org>;tag=t-quotbal',
      'To: "Bob B. <sip:bob@example.net>',
      'Call-ID: quotbal@ua1.example.org',
      'CSeq: 1 INVITE',
    ]),
  },
  {
    // The Request-URI in angle brackets.
    name: 'ltgtruri',
    section: '3.1.2.7',
    where: 'start-line',
    says: /'<' '>'/,
    text: message('INVITE <sip:bob@example.net> SIP/2.0', requestHeaders('INVITE', 'ltgtruri')),
  },
  {
    // Whitespace inside the Request-URI.
    name: 'lwsruri',
    section: '3.1.2.8',
    where: 'start-line',
    says: /Request-URI contains whitespace/,
    text: message('INVITE sip:bob@example.net; transport=udp SIP/2.0', requestHeaders('INVITE', 'lwsruri')),
  },
  {
    // Two spaces between the elements of the Request-Line.
    name: 'lwsstart',
    section: '3.1.2.9',
    where: 'start-line',
    says: /single SP/,
    text: message('INVITE  sip:bob@example.net  SIP/2.0', requestHeaders('INVITE', 'lwsstart')),
  },
  {
    // Spaces after SIP/2.0 at the end of the Request-Line.
    name: 'trws',
    section: '3.1.2.10',
    where: 'start-line',
    says: /ends in whitespace/,
    text: message('OPTIONS sip:bob@example.net SIP/2.0   ', requestHeaders('OPTIONS', 'trws')),
  },
  {
    // A headers component (?name=value) in the Request-URI.
    name: 'escruri',
    section: '3.1.2.11',
    where: 'start-line',
    says: /headers/,
    text: message('INVITE sip:bob@example.net?Subject=%22hi%22 SIP/2.0', requestHeaders('INVITE', 'escruri')),
  },
  {
    // A Date in a zone other than GMT.
    name: 'baddate',
    section: '3.1.2.12',
    where: 'date',
    says: /GMT/,
    text: message('INVITE sip:bob@example.net SIP/2.0', [
      ...requestHeaders('INVITE', 'baddate'),
      'Date: Tue, 03 Mar 2026 09:30:00 PST',
    ]),
  },
  {
    // A Contact URI with a '?' (or ';', ',') written without '<' '>'.
    name: 'regbadct',
    section: '3.1.2.13',
    where: 'contact',
    says: /'<' '>'/,
    text: message('REGISTER sip:example.net SIP/2.0', [
      ...requestHeaders('REGISTER', 'regbadct'),
      'Contact: sip:ann@ua1.example.org?Subject=%22x%22',
    ]),
  },
  {
    // Spaces inside the angle brackets around an addr-spec.
    name: 'badaspec',
    section: '3.1.2.14',
    where: 'to',
    says: /whitespace/,
    text: message('OPTIONS sip:bob@example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-badaspec',
      'Max-Forwards: 70',
      'From: <sip:ann@example.org>;tag=t-badaspec',
      'To: "Bob" < sip:bob@example.net >',
      'Call-ID: badaspec@ua1.example.org',
      'CSeq: 1 OPTIONS',
    ]),
  },
  {
    // An unquoted display name with a non-token character (a comma).
    name: 'baddn',
    section: '3.1.2.15',
    where: 'from',
    says: /display name/,
    text: message('OPTIONS sip:bob@example.net SIP/2.0', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-baddn',
      'Max-Forwards: 70',
      'From: Smith, Ann <sip:ann@example.org>;tag=t-baddn',
      'To: <sip:bob@example.net>',
      'Call-ID: baddn@ua1.example.org',
      'CSeq: 1 OPTIONS',
    ]),
  },
  {
    // A protocol version other than 2.0.
    name: 'badvers',
    section: '3.1.2.16',
    where: 'start-line',
    says: /version 'SIP\/9\.0' is not SIP\/2\.0/,
    text: message('OPTIONS sip:bob@example.net SIP/9.0', [
      'Via: SIP/9.0/UDP ua1.example.org;branch=z9hG4bK-badvers',
      'Max-Forwards: 70',
      'From: <sip:ann@example.org>;tag=t-badvers',
      'To: <sip:bob@example.net>',
      'Call-ID: badvers@ua1.example.org',
      'CSeq: 1 OPTIONS',
    ]),
  },
  {
    // The CSeq method differs from the Request-Line's.
    name: 'mismatch01',
    section: '3.1.2.17',
    where: 'cseq',
    says: /differs from the request method/,
    text: message('OPTIONS sip:bob@example.net SIP/2.0', requestHeaders('INVITE', 'mismatch01')),
  },
  {
    // An unknown method whose CSeq names another.
    name: 'mismatch02',
    section: '3.1.2.18',
    where: 'cseq',
    says: /differs from the request method/,
    text: message('FROBNICATE sip:bob@example.net SIP/2.0', requestHeaders('OPTIONS', 'mismatch02')),
  },
  {
    // A status code of more than three digits.
    name: 'bigcode',
    section: '3.1.2.19',
    where: 'start-line',
    says: /three-digit status code/,
    text: message('SIP/2.0 8589934593 never a status', [
      'Via: SIP/2.0/UDP ua1.example.org;branch=z9hG4bK-bigcode',
      'From: <sip:ann@example.org>;tag=t-bigcode',
      'To: <sip:bob@example.net>;tag=t-bob',
      'Call-ID: bigcode@ua1.example.org',
      'CSeq: 1 OPTIONS',
    ]),
  },
];
