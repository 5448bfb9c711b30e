// Cutting a message into start line, header fields and body (RFC 3261 §7):
//   generic-message = start-line *message-header CRLF [ message-body ]
// Lines end in CRLF; a bare LF is accepted and reported. Folded lines (§7.3.1: a line starting
// with SP or HTAB continues the previous header) are joined with one SP. One pass with indexOf,
// no regex over the whole text; a folded header collects its lines and joins them once, so
// 200,000 continuation lines cost no more than 200,000 headers (issue 14).
import type { HeaderLine, SyntaxProblem } from './sip-document';
import { canonicalHeaderName, internHeaderName } from './header-names';
import { isToken } from './sip-token';

export interface SectionedHeader {
  readonly header: HeaderLine;
  /** The line(s) as written, for quoting in a problem; folded lines joined with one space. */
  readonly text: string;
}

export interface MessageSections {
  /** Undefined when the text holds no non-empty line. */
  readonly startLine?: { readonly text: string; readonly line: number };
  readonly headers: readonly SectionedHeader[];
  readonly body: string;
  readonly problems: readonly SyntaxProblem[];
}

interface OpenHeader {
  readonly rawName: string;
  /** The first line's value, trimmed. */
  readonly value: string;
  readonly line: number;
  /** The first line as written. */
  readonly text: string;
  /** Each continuation line, trimmed; joined once at the end. */
  folds?: string[];
}

export function splitSections(text: string): MessageSections {
  const problems: SyntaxProblem[] = [];
  const headers: OpenHeader[] = [];
  let startLine: { text: string; line: number } | undefined;
  let pos = 0;
  let lineNo = 0;
  let bareLf = 0;
  let firstBareLf: { line: number; text: string } | undefined;
  let bodyStart = -1;
  let lastLine = '';

  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const hasCr = end > pos && text.charCodeAt(end - 1) === 13;
    const line = text.slice(pos, hasCr ? end - 1 : end);
    pos = nl < 0 ? text.length : nl + 1;
    lineNo++;
    if (nl >= 0 && !hasCr) {
      bareLf++;
      firstBareLf ??= { line: lineNo, text: line };
    }
    if (startLine === undefined) {
      // §7.5: CRLFs before the start line are ignored.
      if (line === '' || line.trim() === '') continue;
      startLine = { text: line, line: lineNo };
      if (looksLikeHeader(line)) {
        // No start line at all: the first line is already a header. Keep it as one.
        headers.push(openHeader(line, lineNo));
      }
      continue;
    }
    lastLine = line;
    const c = line.charCodeAt(0);
    if (line === '' || ((c === 32 || c === 9) && line.trim() === '')) {
      if (line !== '') {
        problems.push({
          line: lineNo,
          where: 'message',
          text: line,
          message: 'the empty line that ends the headers contains spaces or tabs (RFC 3261 §7)',
        });
      }
      bodyStart = pos;
      break;
    }
    if (c === 32 || c === 9) {
      const prev = headers[headers.length - 1];
      if (prev !== undefined) {
        // §7.3.1: folding — replace the line break and leading whitespace with one SP. Joined
        // at the end: appending to a string here and trimming it flattens it on every line.
        (prev.folds ??= []).push(line.trim());
      } else {
        problems.push({
          line: lineNo,
          where: 'message',
          text: line,
          message:
            'a continuation line (starting with a space) with no header before it to continue (RFC 3261 §7.3.1)',
        });
      }
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) {
      problems.push({
        line: lineNo,
        where: 'message',
        text: line,
        message: 'a header line with no \':\' (RFC 3261 §7.3: header = name ":" value)',
      });
      continue;
    }
    const name = line.slice(0, colon).trimEnd();
    if (!isToken(name)) {
      problems.push({
        line: lineNo,
        where: 'message',
        text: line,
        message: `'${name}' is not a header name (RFC 3261 §25: a token, no spaces)`,
      });
      continue;
    }
    headers.push(openHeader(line, lineNo));
  }

  if (startLine === undefined) {
    problems.push({ line: 1, where: 'message', text: '', message: 'the message is empty' });
  } else if (bodyStart < 0) {
    problems.push({
      line: lineNo,
      where: 'message',
      text: lastLine,
      message: 'no empty line ends the headers (RFC 3261 §7); the message may be cut off',
    });
  }
  if (firstBareLf !== undefined) {
    problems.push({
      line: firstBareLf.line,
      where: 'message',
      text: firstBareLf.text,
      message: `lines end with a bare LF instead of CRLF (RFC 3261 §7): ${bareLf} line${bareLf === 1 ? '' : 's'} from line ${firstBareLf.line}`,
    });
  }

  return {
    ...(startLine !== undefined ? { startLine } : {}),
    headers: headers.map((h) => ({
      header: { name: canonicalHeaderName(h.rawName), rawName: h.rawName, value: valueOf(h), line: h.line },
      text: h.folds === undefined ? h.text : `${h.text} ${h.folds.join(' ')}`,
    })),
    body: bodyStart < 0 ? '' : text.slice(bodyStart),
    problems,
  };
}

function openHeader(line: string, lineNo: number): OpenHeader {
  const colon = line.indexOf(':');
  return {
    rawName: internHeaderName(line.slice(0, colon).trimEnd()),
    value: line.slice(colon + 1).trim(),
    line: lineNo,
    text: line,
  };
}

/** The unfolded value: the pieces joined with one SP (an empty first line adds none). */
function valueOf(h: OpenHeader): string {
  if (h.folds === undefined) return h.value;
  const folded = h.folds.join(' ');
  return h.value === '' ? folded : `${h.value} ${folded}`;
}

/** `Name: value` with a token name — not a start line. */
export function looksLikeHeader(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && isToken(line.slice(0, colon).trimEnd());
}
