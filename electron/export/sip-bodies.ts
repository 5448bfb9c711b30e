// Finding the parts of a SIP message that can carry other SIP headers: a message/sip body (RFC 3261
// §7.4.1 tunnelled message), a message/sipfrag body (RFC 3420; REFER's NOTIFY, RFC 3515 §2.4.5) and
// the parts of a multipart body (RFC 2046 §5.1). Pure text handling; the redactor decides what to
// do with each part.

export interface HeadBody {
  readonly head: string;
  /** The blank line between them ("" when there is none). */
  readonly sep: string;
  readonly body: string;
}

export function splitHeadBody(text: string): HeadBody {
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf))
    return { head: text.slice(0, crlf), sep: '\r\n\r\n', body: text.slice(crlf + 4) };
  if (lf >= 0) return { head: text.slice(0, lf), sep: '\n\n', body: text.slice(lf + 2) };
  return { head: text, sep: '', body: '' };
}

export interface ContentType {
  /** Lower case, e.g. "message/sipfrag". */
  readonly type: string;
  readonly boundary?: string;
}

/** Content-Type of a header block ("c" is its compact form, RFC 3261 §7.3.3); folded lines joined. */
export function contentTypeOf(head: string): ContentType | undefined {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const m = /^(?:content-type|c)[ \t]*:[ \t]*([^;\r\n]+)(.*)$/im.exec(unfolded);
  if (!m) return undefined;
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(m[2] ?? '');
  const b = boundary?.[1] ?? boundary?.[2];
  return { type: m[1]!.trim().toLowerCase(), ...(b !== undefined ? { boundary: b } : {}) };
}

export function carriesSipHeaders(type: ContentType | undefined): boolean {
  return type?.type === 'message/sip' || type?.type === 'message/sipfrag';
}

/**
 * Rewrites each body part of a multipart body with `part` (given the part's header block, blank
 * line and body as one text) and keeps the delimiters, preamble and epilogue as they were (those
 * go through `other`).
 */
export function mapMultipart(
  body: string,
  boundary: string,
  part: (content: string) => string,
  other: (text: string) => string,
): string {
  const delimiter = `--${boundary}`;
  const pieces = body.split(delimiter);
  if (pieces.length < 2) return other(body);
  return pieces
    .map((piece, i) => {
      if (i === 0) return other(piece);
      // The closing delimiter "--boundary--" and the epilogue after it.
      if (piece.startsWith('--')) return other(piece);
      // RFC 2046 §5.1.1: transport padding and CRLF end the delimiter line; the CRLF before the
      // next delimiter belongs to that delimiter.
      const lead = /^[ \t]*\r?\n/.exec(piece)?.[0] ?? '';
      const tail = /\r?\n$/.exec(piece.slice(lead.length))?.[0] ?? '';
      const content = piece.slice(lead.length, piece.length - tail.length);
      return lead + part(content) + tail;
    })
    .join(delimiter);
}
