// Reading one message out of a log, whatever the layout: the start line and headers run to the
// first empty line (RFC 3261 §7); the body is as long as Content-Length says (§20.14), cut short
// by anything that cannot be body — the next marker, the logger's closing line, a new log entry,
// a start line in plain text, a line that is not SDP in an SDP body. Without Content-Length the
// body runs to the next message. The message is rebuilt with CRLF line ends: loggers and copy-
// paste lose the CRs, and Content-Length counts them.
import { isStartLine } from '../../../shared/sip/start-line';
import { isBinaryLine } from './binary-check';
import type { Marker, TextLayout } from './text-layout';

export interface MessageRead {
  /** 0-based index of the message's start line. */
  readonly startIndex: number;
  readonly headerLines: readonly string[];
  readonly text: string;
  /** Index of the first line after the message. */
  readonly next: number;
  /** Why the message is incomplete: the file ended inside it. */
  readonly truncated?: string;
}

export type ReadOutcome = MessageRead | { readonly empty: true; readonly next: number };

const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$/i;
const CONTENT_TYPE = /^(?:content-type|c)[ \t]*:[ \t]*([^ \t;]+)/i;
// RFC 8866 §5: every SDP line is <type>=<value>, type one lower-case letter.
const SDP_LINE = /^[a-z]=/;

export function readMessage(
  lines: readonly string[],
  from: number,
  layout: TextLayout,
  marker: Marker,
): ReadOutcome {
  const n = lines.length;
  const get =
    layout.unindent !== undefined ? (i: number) => layout.unindent!(lines[i]!) : (i: number) => lines[i]!;
  const closes = marker.closedBy;
  const endsBlock = (i: number): boolean => {
    const raw = lines[i]!;
    return isBinaryLine(raw) || layout.marker(raw) !== undefined || layout.endsMessage?.(raw) === true;
  };
  // The file ends, or turns to binary damage, at line i: either way the message cannot go on.
  const endOfText = (i: number): string | undefined => {
    if (i >= n) return 'the file ends';
    return isBinaryLine(lines[i]!) ? `binary data (NUL bytes) at line ${i + 1} cuts it` : undefined;
  };

  let i = from;
  if (marker.isStartLine !== true) {
    // Blank lines and the opening rule (FreeSWITCH draws one above the message too).
    let ruleSkipped = false;
    while (i < n) {
      const t = get(i);
      if (t.trim() === '') i++;
      else if (!ruleSkipped && closes?.(t) === true) {
        ruleSkipped = true;
        i++;
      } else break;
    }
    if (i >= n || endsBlock(i) || closes?.(get(i)) === true) return { empty: true, next: i };
  }

  const startIndex = i;
  const headerLines = [get(i)];
  i++;
  let closed = false;
  let sawEmpty = false;
  while (i < n) {
    const t = get(i);
    if (closes?.(t) === true) {
      closed = true;
      break;
    }
    if (endsBlock(i) || (layout.loose && isStartLine(t))) break;
    i++;
    if (t.trim() === '') {
      sawEmpty = true;
      break;
    }
    headerLines.push(t);
  }
  const head = `${headerLines.join('\r\n')}\r\n`;
  if (!sawEmpty) {
    // The last message of a file often has no blank line after it (a log cut at its last line, a
    // paste): with "Content-Length: 0" its headers say it is whole, so it is read as whole.
    if (!closed && i >= n && Number(firstMatch(headerLines, CONTENT_LENGTH) ?? Number.NaN) === 0) {
      return { startIndex, headerLines, text: `${head}\r\n`, next: i };
    }
    const cut = closed ? undefined : endOfText(i);
    return {
      startIndex,
      headerLines,
      text: head,
      next: closed ? i + 1 : i,
      ...(cut !== undefined ? { truncated: `${cut} inside the headers of this message` } : {}),
    };
  }

  const declared = firstMatch(headerLines, CONTENT_LENGTH);
  const length = declared !== undefined ? Number(declared) : undefined;
  const type = firstMatch(headerLines, CONTENT_TYPE)?.toLowerCase();
  const sdp = type === 'application/sdp';
  // A sipfrag body (NOTIFY for REFER, RFC 3515) is itself a start line and headers.
  const frag = type === 'message/sipfrag' || type === 'message/sip';

  const body: string[] = [];
  let collected = 0;
  while (i < n && length !== 0) {
    if (length !== undefined && collected >= length) break;
    const t = get(i);
    if (closes?.(t) === true) {
      closed = true;
      break;
    }
    if (endsBlock(i)) break;
    if (layout.loose && !frag && isStartLine(t)) break;
    if (sdp && !SDP_LINE.test(t)) break;
    body.push(t);
    collected += t.length + 2;
    i++;
  }
  // Blank lines a logger adds after a message are not body (no SDP or header ends with one).
  if (length === undefined || collected > length) {
    while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
  }
  let bodyText = body.length > 0 ? `${body.join('\r\n')}\r\n` : '';
  // A body whose last line had no CRLF on the wire: the log's line end is not part of it.
  if (length !== undefined && bodyText.length === length + 2) bodyText = bodyText.slice(0, length);

  let truncated: string | undefined;
  const end = closed ? undefined : endOfText(i);
  if (end !== undefined) {
    if (length !== undefined && bodyText.length < length) {
      truncated = `Content-Length is ${length} but ${end} after ${bodyText.length} bytes of body`;
    } else if (length === undefined && marker.expectsClose === true) {
      truncated = `${end} before the logger's closing line, so the body may be cut off`;
    }
  }
  return {
    startIndex,
    headerLines,
    text: `${head}\r\n${bodyText}`,
    next: closed ? i + 1 : i,
    ...(truncated !== undefined ? { truncated } : {}),
  };
}

function firstMatch(lines: readonly string[], re: RegExp): string | undefined {
  for (const line of lines) {
    const m = re.exec(line);
    if (m !== null) return m[1];
  }
  return undefined;
}
