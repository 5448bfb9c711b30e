// Minimal SIP text parsing for the harness's own probe client. Deliberately separate from the
// product's parser: the harness is the oracle the product is compared against.

const COMPACT_NAMES: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  v: 'via',
  f: 'from',
  t: 'to',
  l: 'content-length',
  k: 'supported',
};

export interface SipResponse {
  status: number;
  reason: string;
  /** Lower-case header name to every value, in message order (repeated headers kept apart). */
  headers: ReadonlyMap<string, readonly string[]>;
  raw: string;
}

export interface SipMessage {
  kind: 'request' | 'response';
  /** Requests only. */
  method?: string;
  uri?: string;
  /** Responses only. */
  status?: number;
  reason?: string;
  /** Lower-case header name to every value, in message order (repeated headers kept apart). */
  headers: ReadonlyMap<string, readonly string[]>;
  /** Everything after the blank line. */
  body: string;
  raw: string;
}

function splitMessage(raw: string): { startLine: string; headers: Map<string, string[]>; body: string } {
  const headEnd = raw.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? raw : raw.slice(0, headEnd);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last) {
      // folded continuation line (RFC 3261 7.3.1)
      last[last.length - 1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const rawName = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT_NAMES[rawName] ?? rawName;
    const values = headers.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(name, values);
    last = values;
  }
  return { startLine, headers, body: headEnd === -1 ? '' : raw.slice(headEnd + 4) };
}

export function parseSipResponse(raw: string): SipResponse {
  const { startLine, headers } = splitMessage(raw);
  const match = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(startLine);
  if (!match) throw new Error(`not a SIP response: ${JSON.stringify(startLine)}`);
  return { status: Number(match[1]), reason: match[2] ?? '', headers, raw };
}

/** Parses a request or a response (the harness's own reading, not the product's parser). */
export function parseSipMessage(raw: string): SipMessage {
  const { startLine, headers, body } = splitMessage(raw);
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(startLine);
  if (response) {
    return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body, raw };
  }
  const request = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(startLine);
  if (!request?.[1] || !request[2]) throw new Error(`not a SIP message: ${JSON.stringify(startLine)}`);
  return { kind: 'request', method: request[1].toUpperCase(), uri: request[2], headers, body, raw };
}

/** First value of a header, or undefined. */
export function headerValue(
  message: { headers: ReadonlyMap<string, readonly string[]> },
  name: string,
): string | undefined {
  return message.headers.get(name.toLowerCase())?.[0];
}

/**
 * Splits a comma-separated header list (Contact: <a>;expires=1, <b>) while ignoring commas
 * inside <...> and "...".
 */
export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inAngle = false;
  let inQuote = false;
  for (const ch of value) {
    if (ch === '"' && !inAngle) inQuote = !inQuote;
    else if (ch === '<' && !inQuote) inAngle = true;
    else if (ch === '>' && !inQuote) inAngle = false;
    if (ch === ',' && !inAngle && !inQuote) {
      if (current.trim()) parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Every Contact of a response (registrar 200 OK lists all bindings of the AoR). */
export function contactsOf(response: SipResponse): string[] {
  return (response.headers.get('contact') ?? []).flatMap(splitHeaderList);
}
