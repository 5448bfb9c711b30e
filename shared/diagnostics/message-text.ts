// Evidence is a message, a line number and the line quoted as it was on the wire. These helpers
// find those lines; they never throw on a damaged message (the rules exist to report damage).
import type { HeaderLine } from '../sip/sip-document';
import type { Evidence, TraceMessage } from './trace-model';

/** Most findings are about one header in many messages; a finding quotes at most this many. */
export const MAX_EVIDENCE = 20;

// Where each line starts, per message: a list of offsets rather than the lines themselves, so a
// message with a 10 MB body costs one indexOf pass, not millions of strings (issue 14).
const lineStartCache = new WeakMap<TraceMessage, readonly number[]>();

function lineStarts(msg: TraceMessage): readonly number[] {
  let starts = lineStartCache.get(msg);
  if (!starts) {
    const text = msg.text;
    const found = [0];
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) found.push(nl + 1);
    starts = found;
    lineStartCache.set(msg, starts);
  }
  return starts;
}

/**
 * The text of a 1-based line, or undefined past the end. Lines are numbered as the tolerant
 * parser numbers them (shared/sip/message-sections): a line ends at LF, a CR before it is dropped.
 */
export function lineText(msg: TraceMessage, line: number): string | undefined {
  const starts = lineStarts(msg);
  const start = starts[line - 1];
  if (start === undefined || line < 1) return undefined;
  const next = starts[line];
  let end = next === undefined ? msg.text.length : next - 1;
  if (end > start && msg.text.charCodeAt(end - 1) === 13) end--;
  return msg.text.slice(start, end);
}

/** The 1-based number of the first line at or after `from` that is blank (spaces only), or undefined. */
function firstBlankLine(msg: TraceMessage, from: number, blank: boolean): number | undefined {
  const count = lineStarts(msg).length;
  for (let line = from; line <= count; line++) {
    if ((lineText(msg, line)!.trim() === '') === blank) return line;
  }
  return undefined;
}

/** The 1-based number of the start line: the first non-empty line (keep-alive CRLFs may lead). */
export function startLineNumber(msg: TraceMessage): number {
  return firstBlankLine(msg, 1, false) ?? 1;
}

export function startLineEvidence(msg: TraceMessage): Evidence {
  const line = startLineNumber(msg);
  return { messageIndex: msg.index, line, text: lineText(msg, line) ?? '' };
}

export function headerLines(msg: TraceMessage, name: string): readonly HeaderLine[] {
  const lower = name.toLowerCase();
  return msg.doc.headers.filter((h) => h.name === lower);
}

export function firstHeaderLine(msg: TraceMessage, name: string): HeaderLine | undefined {
  const lower = name.toLowerCase();
  return msg.doc.headers.find((h) => h.name === lower);
}

export function lineEvidence(msg: TraceMessage, line: number): Evidence {
  return { messageIndex: msg.index, line, text: lineText(msg, line) ?? '' };
}

export function headerLineEvidence(msg: TraceMessage, header: HeaderLine): Evidence {
  return {
    messageIndex: msg.index,
    line: header.line,
    text: lineText(msg, header.line) ?? `${header.rawName}: ${header.value}`,
  };
}

/** The first line of a header as evidence, or the start line when the header is absent. */
export function headerEvidence(msg: TraceMessage, name: string): Evidence {
  const header = firstHeaderLine(msg, name);
  return header ? headerLineEvidence(msg, header) : startLineEvidence(msg);
}

/** The 1-based line number of the first body line (the line after the first empty line). */
export function bodyStartLine(msg: TraceMessage): number | undefined {
  const blank = firstBlankLine(msg, startLineNumber(msg), true);
  return blank === undefined ? undefined : blank + 1;
}

/** Keeps the first MAX_EVIDENCE pieces; callers say the full count in the title. */
export function capEvidence(evidence: readonly Evidence[]): readonly Evidence[] {
  return evidence.length > MAX_EVIDENCE ? evidence.slice(0, MAX_EVIDENCE) : evidence;
}

/** "INVITE" or "200 OK (INVITE)": what a message is, in a few words. */
export function describeMessage(msg: TraceMessage): string {
  const doc = msg.doc;
  if (doc.kind === 'request') return doc.method ?? 'request';
  if (doc.kind === 'response') {
    const what = `${doc.status ?? '?'}${doc.reason ? ` ${doc.reason}` : ''}`;
    return doc.cseq ? `${what} (${doc.cseq.method})` : what;
  }
  return 'unreadable message';
}
