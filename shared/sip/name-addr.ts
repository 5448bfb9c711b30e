// From, To, Contact, Route… values (RFC 3261 §20.10, §25):
//   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
//   addr-spec = SIP-URI / SIPS-URI / absoluteURI
// In the name-addr form the parameters after '>' belong to the header; in the bare addr-spec
// form everything after the first ';' does (§20.10), so "sip:a@b;tag=1" carries a header tag.
// Damaged forms are read as their writer most likely meant them: a '>' with no '<' (the IP-trunk
// guide's "To: 12032130635@host>") still ends the URI there.
import type { NameAddr } from './sip-document';
import { indexOutside } from './split-outside';
import { emptyParamFault, parseParams } from './sip-params';
import { readUri } from './sip-uri';

export interface NameAddrReading {
  readonly value: NameAddr;
  /** What is wrong, one sentence each. */
  readonly faults: readonly string[];
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

export function readNameAddr(text: string, allowStar = false): NameAddrReading {
  const s = text.trim();
  if (s === '') return { value: { uriText: '', params: NO_PARAMS }, faults: ['the value is empty'] };
  // RFC 3261 §10.2.2: "Contact: *" removes every binding; it has no URI.
  if (allowStar && s === '*') return { value: { uriText: '*', params: NO_PARAMS }, faults: [] };

  const faults: string[] = [];
  if (quoteLeftOpen(s)) faults.push("a quoted display name never closes its '\"'");
  const lt = indexOutside(s, '<');
  const gt = indexOutside(s, '>', lt < 0 ? 0 : lt + 1);
  let display = '';
  let uriText: string;
  let after = '';
  let opened = true;
  if (lt >= 0) {
    display = s.slice(0, lt);
    if (gt < 0) {
      faults.push("'<' opens the URI but no '>' closes it");
      uriText = s.slice(lt + 1);
    } else {
      uriText = s.slice(lt + 1, gt);
      after = s.slice(gt + 1);
    }
  } else if (gt >= 0) {
    opened = false;
    const before = s.slice(0, gt);
    const displayEnd = before.startsWith('"') ? closingQuote(before) : -1;
    display = displayEnd > 0 ? before.slice(0, displayEnd + 1) : '';
    uriText = displayEnd > 0 ? before.slice(displayEnd + 1) : before;
    after = s.slice(gt + 1);
  } else {
    const semi = indexOutside(s, ';');
    uriText = semi < 0 ? s : s.slice(0, semi);
    after = semi < 0 ? '' : s.slice(semi);
    const space = lastSpace(uriText.trim());
    if (space >= 0) {
      // `Bob sip:bob@host`: a display name needs the URI in < > (§20.10).
      faults.push("a display name must be followed by the URI in '<' '>' (RFC 3261 §20.10)");
      display = uriText.trim().slice(0, space);
      uriText = uriText.trim().slice(space + 1);
    }
  }

  const rest = after.trim();
  let params: Readonly<Record<string, string>> = NO_PARAMS;
  if (rest !== '') {
    if (rest.startsWith(';')) {
      params = parseParams(rest.slice(1));
      const empty = emptyParamFault(rest.slice(1));
      if (empty !== undefined) faults.push(empty);
    } else faults.push(`unexpected '${rest}' after the URI`);
  }

  const reading = readUri(uriText);
  const shownUri = uriText.trim();
  if (lt >= 0 && gt >= 0 && shownUri !== uriText) {
    // §25: LAQUOT = SWS "<" and RAQUOT = ">" SWS: whitespace may surround the brackets, not fill them.
    faults.push(
      `whitespace inside '<' '>' around the URI '${shownUri}' (RFC 3261 §25: LAQUOT addr-spec RAQUOT)`,
    );
  }
  if (lt < 0 && gt < 0 && shownUri.includes('?')) {
    faults.push(
      `the URI '${shownUri}' holds a '?' and must be enclosed in '<' '>' (RFC 3261 §20.10, §20.20, §20.39)`,
    );
  }
  const shownDisplay = display.trim();
  if (
    lt >= 0 &&
    shownDisplay !== '' &&
    !shownDisplay.startsWith('"') &&
    /[,;:@<>?/()[\]{}=]/.test(shownDisplay)
  ) {
    faults.push(
      `the display name '${shownDisplay}' holds characters a token may not: quote it (RFC 3261 §25: display-name = *(token LWS) / quoted-string)`,
    );
  }
  if (!opened) {
    faults.push(
      reading.schemeMissing
        ? `'>' closes a URI that no '<' opened, and '${shownUri}' has no 'sip:': the '<sip:' in front of it is missing (RFC 3261 §20.10 name-addr)`
        : `'>' closes a URI that no '<' opened (RFC 3261 §20.10 name-addr)`,
    );
  } else if (reading.schemeMissing) {
    faults.push(
      `the URI '${shownUri}' has no scheme: 'sip:', 'sips:' or 'tel:' must start it (RFC 3261 §19.1.1)`,
    );
  }
  faults.push(...reading.faults);

  const displayName = unquote(display.trim());
  const tag = params['tag'];
  const value: NameAddr = {
    ...(displayName !== '' ? { display: displayName } : {}),
    uriText: shownUri,
    ...(reading.uri !== undefined ? { uri: reading.uri } : {}),
    ...(tag !== undefined ? { tag } : {}),
    params,
  };
  return { value, faults };
}

/** Index of the '"' that closes the quoted string opening at 0, or -1. */
function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return -1;
}

function quoteLeftOpen(s: string): boolean {
  let inQuote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inQuote && c === '\\') i++;
    else if (c === '"') inQuote = !inQuote;
  }
  return inQuote;
}

function lastSpace(s: string): number {
  return Math.max(s.lastIndexOf(' '), s.lastIndexOf('\t'));
}

// §25 quoted-string: DQUOTE *(qdtext / quoted-pair) DQUOTE, quoted-pair = "\" char.
function unquote(s: string): string {
  if (s.length < 2 || !s.startsWith('"')) return s;
  const end = s.endsWith('"') ? s.length - 1 : s.length;
  return s.slice(1, end).replace(/\\(.)/g, '$1');
}
