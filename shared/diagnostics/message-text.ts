// Evidence is a message, a line number and the line quoted as it was on the wire. These helpers
// find those lines; they never throw on a damaged message (the rules exist to report damage).
import type { HeaderLine } from '../sip/sip-document';
import type { Evidence, TraceMessage } from './trace-model';

/** Most findings are about one header in many messages; a finding quotes at most this many. */
export const MAX_EVIDENCE = 20;

const lineCache = new WeakMap<TraceMessage, readonly string[]>();

/**
 * The message split into lines as the tolerant parser numbers them (shared/sip/message-sections):
 * a line ends at LF, a CR before it is dropped. Cached per message.
 */
export function messageLines(msg: TraceMessage): readonly string[] {
  let lines = lineCache.get(msg);
  if (!lines) {
    lines = msg.text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    lineCache.set(msg, lines);
  }
  return lines;
}

/** The text of a 1-based line, or undefined past the end. */
export function lineText(msg: TraceMessage, line: number): string | undefined {
  return messageLines(msg)[line - 1];
}

/** The 1-based number of the start line: the first non-empty line (keep-alive CRLFs may lead). */
export function startLineNumber(msg: TraceMessage): number {
  const lines = messageLines(msg);
  const i = lines.findIndex((l) => l.trim() !== '');
  return i < 0 ? 1 : i + 1;
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
  const lines = messageLines(msg);
  const start = startLineNumber(msg) - 1;
  for (let i = start; i < lines.length; i++) {
    if ((lines[i] ?? '').trim() === '') return i + 2;
  }
  return undefined;
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
