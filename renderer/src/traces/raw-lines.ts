// The raw text of a message as numbered lines, with the lines a finding's evidence points at marked.
// Numbering matches the diagnostics rules (shared/diagnostics/message-text.ts): a line ends at LF and
// a CR before it is dropped, so evidence "line 7" is the 7th line here, counting any leading
// keep-alive CRLFs.

export interface RawLine {
  /** 1-based, as evidence counts. */
  readonly number: number;
  readonly text: string;
  readonly highlight: boolean;
  /** Part of the message: the start line, a header, the blank line, or the body. */
  readonly part: 'start' | 'header' | 'blank' | 'body';
}

// eslint-disable-next-line no-control-regex -- finding control bytes is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

/** Control bytes (not TAB) as \xNN, so a garbled packet shows what it holds without breaking layout. */
function printable(line: string): string {
  return line.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function rawLines(raw: string, highlight: ReadonlySet<number> = new Set()): readonly RawLine[] {
  const texts = raw.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  // The CRLF that ends the last line (or the empty body) leaves empty lines at the end: not content.
  let end = texts.length;
  while (end > 1 && texts[end - 1] === '' && !highlight.has(end)) end--;
  const lines: RawLine[] = [];
  let part: RawLine['part'] = 'start';
  let seenStart = false;
  for (let i = 0; i < end; i++) {
    const text = texts[i] ?? '';
    let linePart: RawLine['part'];
    if (part === 'body') linePart = 'body';
    else if (!seenStart) {
      // Leading keep-alive CRLFs come before the start line.
      linePart = text.trim() === '' ? 'blank' : 'start';
      if (linePart === 'start') {
        seenStart = true;
        part = 'header';
      }
    } else if (text === '') {
      linePart = 'blank';
      part = 'body';
    } else linePart = 'header';
    lines.push({ number: i + 1, text: printable(text), highlight: highlight.has(i + 1), part: linePart });
  }
  return lines;
}

/** "Via" and ": SIP/2.0/UDP …" of a header line, for showing the name apart; undefined if not one. */
export function splitHeader(text: string): { readonly name: string; readonly rest: string } | undefined {
  const match = /^([!-9;-~]+)(\s*:.*)$/.exec(text);
  return match ? { name: match[1] ?? '', rest: match[2] ?? '' } : undefined;
}
