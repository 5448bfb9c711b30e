// Putting text that anyone who can send a SIP message controls into Markdown without it turning
// into markup: a link, an image, raw HTML or an autolink in a ticket. Plain text is escaped
// character by character (CommonMark §2.4: any ASCII punctuation may be backslash-escaped); code is
// fenced with a backtick run longer than any inside it (CommonMark §4.5 fenced code blocks, §6.1
// code spans), so nothing in it can close it early.

/**
 * The characters that start inline syntax anywhere on a line: emphasis, code, links and images
 * (a "(" only means something after an escaped "]"), raw HTML and autolinks, entities, GFM's
 * strikethrough (~) and tables (|). Escaping only these keeps a report readable as plain text.
 */
const INLINE_PUNCTUATION = /[\\`*_[\]<>!|~&]/g;
/** What starts a block when it opens a line: heading, list item, block quote, thematic break. */
const BLOCK_START = /^(\s*)([#+\-=>]|\d{1,9}(?=[.)]))/;

// eslint-disable-next-line no-control-regex -- showing control bytes escaped is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** Text on one Markdown line, rendered exactly as given. */
export function mdText(s: string): string {
  return (
    s
      .replace(/[\r\n\t]+/g, ' ')
      .replace(CONTROL, hexEscape)
      .replace(INLINE_PUNCTUATION, '\\$&')
      .replace(BLOCK_START, (_m, space: string, mark: string) =>
        /\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
      )
      // GFM turns a bare "scheme://" into a link (extended autolinks): the colon is escaped too.
      .replace(/:(?=\/\/)/g, '\\:')
      // …and so does a bare "www." (GFM extended www autolink).
      .replace(/\b(www)\./gi, '$1\\.')
  );
}

/** An inline code span; the text shown literally, on one line. */
export function mdCodeSpan(s: string): string {
  const text = s.replace(/\r?\n|\r/g, ' ').replace(CONTROL, hexEscape);
  const ticks = '`'.repeat(longestBacktickRun(text) + 1);
  // §6.1: one space either side is stripped, which lets a span start or end with a backtick.
  const pad = /^[` ]|[` ]$/.test(text) && text.trim() !== '' ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced code block of these lines; control bytes are shown escaped. */
export function mdFence(lines: readonly string[]): string[] {
  const shown = lines.map((l) => l.replace(CONTROL, hexEscape));
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(shown.join('\n')) + 1));
  return [fence, ...shown, fence];
}

function longestBacktickRun(s: string): number {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

function hexEscape(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}
