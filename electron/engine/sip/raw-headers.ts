// A small reader for the header section of a SIP message exactly as it arrived. npm `sip` turns
// headers into objects and keeps only what its parsers understand; auth challenges, Retry-After,
// Min-Expires and the like are read here from the raw text instead, so nothing is lost to a
// parser quirk (e.g. several WWW-Authenticate lines).

// RFC 3261 §7.3.3: compact header forms.
const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  r: 'refer-to',
  o: 'event',
  u: 'allow-events',
};

export interface RawHeader {
  /** Lower-case full name (compact forms expanded). */
  readonly name: string;
  readonly value: string;
  /** 1-based line number of the header's first line in the message. */
  readonly line: number;
}

export interface RawMessageParts {
  readonly startLine: string;
  readonly headers: readonly RawHeader[];
  /** Lines of the header section that are not `name: value`, with their line numbers. */
  readonly badLines: readonly { readonly line: number; readonly text: string }[];
  readonly hasBlankLine: boolean;
  readonly body: string;
}

export function canonicalHeaderName(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** Split a message (as latin1 text, so every byte maps to one char) into its parts. */
export function splitMessage(text: string): RawMessageParts {
  let end = text.indexOf('\r\n\r\n');
  let sepLen = 4;
  if (end < 0) {
    // Tolerate bare-LF messages when reading; the parse step still reports them.
    end = text.indexOf('\n\n');
    sepLen = 2;
  }
  const hasBlankLine = end >= 0;
  const head = hasBlankLine ? text.slice(0, end) : text;
  const body = hasBlankLine ? text.slice(end + sepLen) : '';
  const lines = head.replace(/^(\r?\n)+/, '').split(/\r?\n/);
  const headers: RawHeader[] = [];
  const badLines: { line: number; text: string }[] = [];
  let startLine = '';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (i === 0) {
      startLine = text;
      continue;
    }
    // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header.
    if (/^[ \t]/.test(text) && headers.length > 0) {
      const prev = headers[headers.length - 1]!;
      headers[headers.length - 1] = { ...prev, value: `${prev.value} ${text.trim()}` };
      continue;
    }
    const colon = text.indexOf(':');
    if (colon <= 0 || /\s/.test(text.slice(0, colon).trim()) || text.slice(0, colon).trim() === '') {
      badLines.push({ line: i + 1, text });
      continue;
    }
    headers.push({
      name: canonicalHeaderName(text.slice(0, colon)),
      value: text.slice(colon + 1).trim(),
      line: i + 1,
    });
  }
  return { startLine, headers, badLines, hasBlankLine, body };
}

/** Every value of a header, in order, one entry per header line. */
export function headerValues(parts: RawMessageParts, name: string): string[] {
  const want = canonicalHeaderName(name);
  const out: string[] = [];
  for (const h of parts.headers) if (h.name === want) out.push(h.value);
  return out;
}

export function firstHeader(parts: RawMessageParts, name: string): string | undefined {
  const want = canonicalHeaderName(name);
  for (const h of parts.headers) if (h.name === want) return h.value;
  return undefined;
}
