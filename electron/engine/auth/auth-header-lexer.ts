// Splits one WWW-Authenticate / Proxy-Authenticate header value into its challenges.
//
// RFC 7235 §4.1: WWW-Authenticate = 1#challenge, so a single header value may carry several
// challenges separated by commas, and the commas between a challenge's own parameters look the
// same. RFC 7235 §2.1 (the syntax RFC 3261 §25.1 also uses for SIP):
//   challenge  = auth-scheme [ 1*SP ( token68 / [ auth-param *( OWS "," OWS auth-param ) ] ) ]
//   auth-param = token BWS "=" BWS ( token / quoted-string )
// A list element that is `token =` continues the current challenge; a bare token followed by
// whitespace and something other than "=" starts the next one. Quoted strings may hold commas
// and backslash-escaped quotes (quoted-pair), so the scan is character by character.
//
// The lexer never throws: a challenge with a broken parameter is returned with malformed=true
// and scanning resumes at the next comma, so one bad challenge cannot hide the good ones.

export interface RawChallenge {
  /** Scheme as written, e.g. "Digest" or "Basic". */
  readonly scheme: string;
  /** Parameters with lower-cased names (RFC 7235 §2.1: names are case-insensitive), values unquoted. */
  readonly params: ReadonlyMap<string, string>;
  readonly token68?: string;
  /** The challenge's own text, for traces and error messages. */
  readonly raw: string;
  /** A parameter could not be read, or a name occurred twice (RFC 7235 §2.1 forbids that). */
  readonly malformed: boolean;
}

interface Builder {
  scheme: string;
  start: number;
  end: number;
  params: Map<string, string>;
  token68?: string;
  malformed: boolean;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
// RFC 7235 §2.1: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

function isWhitespace(c: string | undefined): boolean {
  // CR and LF are accepted too, in case a caller hands over a folded header line unchanged.
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && isWhitespace(text[i])) i++;
  return i;
}

function tokenEnd(text: string, i: number): number {
  while (i < text.length && TCHAR.test(text[i] ?? '')) i++;
  return i;
}

/** Index of the next comma that is not inside a quoted string, or text.length. */
function nextTopLevelComma(text: string, i: number): number {
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') return i;
  }
  return text.length;
}

/** Reads `token / quoted-string` at i. Unquoted values are read leniently up to whitespace or comma. */
function readValue(text: string, i: number): { value: string; end: number } | undefined {
  if (text[i] === '"') {
    let value = '';
    for (let k = i + 1; k < text.length; k++) {
      const c = text[k];
      if (c === '\\') {
        // RFC 7230 §3.2.6 quoted-pair: the backslash escapes the next character.
        k++;
        if (k >= text.length) return undefined;
        value += text[k];
      } else if (c === '"') {
        return { value, end: k + 1 };
      } else {
        value += c;
      }
    }
    return undefined; // unterminated quoted string
  }
  let k = i;
  // Servers do send unquoted nonces containing "/" or "+", which are not tchars; accept them.
  while (k < text.length && !isWhitespace(text[k]) && text[k] !== ',' && text[k] !== '"') k++;
  return k === i ? undefined : { value: text.slice(i, k), end: k };
}

export function scanChallenges(text: string): RawChallenge[] {
  const out: RawChallenge[] = [];
  let current: Builder | undefined;

  const finish = (): void => {
    if (current === undefined) return;
    out.push({
      scheme: current.scheme,
      params: current.params,
      ...(current.token68 === undefined ? {} : { token68: current.token68 }),
      raw: text.slice(current.start, current.end),
      malformed: current.malformed,
    });
    current = undefined;
  };

  let i = 0;
  while (i < text.length) {
    // Empty list elements are allowed (RFC 7230 §7: "#rule" tolerates ", ,").
    while (i < text.length && (isWhitespace(text[i]) || text[i] === ',')) i++;
    if (i >= text.length) break;

    const nameStart = i;
    const nameEnd = tokenEnd(text, i);
    if (nameEnd === nameStart) {
      // Not a token: garbage. Spoil the current challenge and resume after the next comma.
      if (current !== undefined) current.malformed = true;
      i = nextTopLevelComma(text, i);
      continue;
    }
    const name = text.slice(nameStart, nameEnd);
    const afterName = skipWhitespace(text, nameEnd);

    if (text[afterName] === '=') {
      // auth-param of the current challenge.
      if (current === undefined) {
        i = nextTopLevelComma(text, afterName);
        continue;
      }
      const read = readValue(text, skipWhitespace(text, afterName + 1));
      if (read === undefined) {
        current.malformed = true;
        i = nextTopLevelComma(text, afterName + 1);
        continue;
      }
      const key = name.toLowerCase();
      if (current.params.has(key)) current.malformed = true;
      else current.params.set(key, read.value);
      current.end = read.end;
      i = skipWhitespace(text, read.end);
      if (i < text.length && text[i] !== ',') {
        current.malformed = true;
        i = nextTopLevelComma(text, i);
      }
      continue;
    }

    // A bare token: the auth-scheme of a new challenge.
    finish();
    current = { scheme: name, start: nameStart, end: nameEnd, params: new Map(), malformed: false };
    i = afterName;
    if (afterName > nameEnd && afterName < text.length) {
      const segmentEnd = nextTopLevelComma(text, afterName);
      const segment = text.slice(afterName, segmentEnd).trimEnd();
      if (TOKEN68.test(segment)) {
        current.token68 = segment;
        current.end = afterName + segment.length;
        i = segmentEnd;
      }
    }
  }
  finish();
  return out;
}
