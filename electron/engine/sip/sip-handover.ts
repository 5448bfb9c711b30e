// The text npm `sip` is given to parse: the same message with its header section rewritten in one
// linear pass, so npm `sip`'s parser stays linear too (issue 14). Its header parsers search for
// the next parameter with a global regex from where they stand to the end of the text, so every
// element of a long list, and every character of a long run of whitespace, costs a scan of the rest
// of the row: quadratic. What the rewrite does, each step one RFC 3261 allows a recipient:
//   - unfolds continuation lines and turns each run of spaces and tabs outside a quoted string into
//     one SP (§7.3.1: "a recipient MAY replace any linear white space with a single SP");
//   - puts each element of a list header on a row of its own (§7.3.1: a list on one row is the same
//     as one row per element), and each challenge or credentials of an auth header likewise
//     (§20.27, §20.44: several challenges may share one row);
//   - leaves the start line and the body as they are.
// npm `sip` merges repeated rows of a list header into one array, so what it returns is unchanged;
// only the time it takes is.
import { splitOutside } from '../../../shared/sip/split-outside';

const LIST_HEADERS: ReadonlySet<string> = new Set([
  'via',
  'v',
  'contact',
  'm',
  'route',
  'record-route',
  'path',
]);
const AUTH_HEADERS: ReadonlySet<string> = new Set([
  'www-authenticate',
  'proxy-authenticate',
  'authorization',
  'proxy-authorization',
]);

/** `text` with its header section rewritten; `headEnd` is the index of the CRLFCRLF that ends it. */
export function handoverText(text: string, headEnd: number): string {
  const rows: string[] = [];
  let pos = text.indexOf('\r\n');
  if (pos < 0 || pos >= headEnd) return text;
  rows.push(text.slice(0, pos));
  pos += 2;
  let header: string[] = [];
  const flush = (): void => {
    if (header.length > 0) rowsOf(header, rows);
    header = [];
  };
  while (pos <= headEnd) {
    const nl = text.indexOf('\r\n', pos);
    const end = nl < 0 || nl > headEnd ? headEnd : nl;
    const line = text.slice(pos, end);
    const c = line.charCodeAt(0);
    if (c !== 32 && c !== 9) flush();
    header.push(line);
    pos = end + 2;
  }
  flush();
  return `${rows.join('\r\n')}${text.slice(headEnd)}`;
}

/** One header (its first line and continuations) as the rows npm `sip` reads quickly. */
function rowsOf(lines: readonly string[], rows: string[]): void {
  const first = lines[0]!;
  const colon = first.indexOf(':');
  if (colon < 0) {
    // Not a header: parseWire refuses the message before npm `sip` sees it; pass it through.
    rows.push(lines.join('\r\n'));
    return;
  }
  const name = first.slice(0, colon).trim();
  const value = collapseWhitespace(lines.length === 1 ? first.slice(colon + 1) : joinFolds(lines, colon));
  const key = name.toLowerCase();
  const elements = LIST_HEADERS.has(key)
    ? splitOutside(value, ',')
    : AUTH_HEADERS.has(key)
      ? splitChallenges(value)
      : [value];
  let kept = 0;
  for (const element of elements) {
    const e = element.trim();
    if (e === '') continue;
    rows.push(`${name}: ${e}`);
    kept++;
  }
  if (kept === 0) rows.push(`${name}: `);
}

function joinFolds(lines: readonly string[], colon: number): string {
  const parts = [lines[0]!.slice(colon + 1)];
  for (let i = 1; i < lines.length; i++) parts.push(lines[i]!);
  return parts.join(' ');
}

/** Every run of SP and HTAB outside a quoted string (§25 quoted-string) as one SP, trimmed. */
function collapseWhitespace(value: string): string {
  const out: string[] = [];
  let from = 0;
  let inQuote = false;
  let i = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inQuote = false;
      i++;
      continue;
    }
    if (c === 34) inQuote = true;
    if (c === 32 || c === 9) {
      let j = i + 1;
      while (j < value.length && (value.charCodeAt(j) === 32 || value.charCodeAt(j) === 9)) j++;
      if (j - i > 1 || c === 9) {
        out.push(value.slice(from, i), ' ');
        from = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  if (from === 0) return value.trim();
  out.push(value.slice(from));
  return out.join('').trim();
}

/**
 * An auth header's value cut before each challenge (or credentials) after the first: a challenge
 * starts with its scheme, a token followed by a space and not by '=' (§25: challenge =
 * auth-scheme LWS auth-param *(COMMA auth-param)).
 */
function splitChallenges(value: string): string[] {
  const groups: string[][] = [];
  for (const part of splitOutside(value, ',')) {
    const last = groups[groups.length - 1];
    if (last === undefined || startsChallenge(part)) groups.push([part]);
    else last.push(part);
  }
  return groups.map((g) => g.join(','));
}

function startsChallenge(part: string): boolean {
  const m = /^ ?[A-Za-z0-9\-.!%*_+`'~]+ (.)/.exec(part);
  return m !== null && m[1] !== '=';
}
