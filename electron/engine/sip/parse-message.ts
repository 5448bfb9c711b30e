// Turns captured bytes into a message the engine can act on, using npm `sip`'s parser, and when
// that fails says why in one line (npm `sip` returns undefined and the datagram vanishes: one of
// its known defects). The bytes themselves are never changed.
import sip from 'sip';
import type { SipMessage, SipVia } from 'sip';
import { splitMessage, type RawMessageParts, headerValues, firstHeader } from './raw-headers';
import { handoverText } from './sip-handover';

export interface ParsedSip {
  readonly kind: 'request' | 'response';
  readonly method?: string;
  readonly requestUri?: string;
  readonly status?: number;
  readonly reason?: string;
  readonly callId: string;
  readonly cseq: { readonly seq: number; readonly method: string };
  readonly vias: readonly SipVia[];
  readonly fromTag?: string;
  readonly toTag?: string;
  /** npm `sip`'s object, for anything not lifted out above. */
  readonly message: SipMessage;
  readonly parts: RawMessageParts;
  /** Every value of a header as it was on the wire (one entry per header line). */
  header(name: string): string[];
  first(name: string): string | undefined;
}

export type ParseResult =
  { readonly ok: true; readonly sip: ParsedSip } | { readonly ok: false; readonly error: string };

const REQUEST_LINE = /^([A-Za-z][\w\-.!%*+`'~]*)\s+(\S+)\s+SIP\/2\.0\s*$/;
const STATUS_LINE = /^SIP\/2\.0\s+(\d{3})(?:\s+(.*))?$/;

function quote(s: string, max = 60): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}

export function parseWire(raw: Uint8Array): ParseResult {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  if (/^[\r\n]*$/.test(text)) {
    return { ok: false, error: text.length === 0 ? 'empty datagram' : 'keep-alive (blank lines only)' };
  }
  const parts = splitMessage(text);
  const startLine = parts.startLine.trim();
  const isResponse = STATUS_LINE.test(startLine);
  if (!isResponse && !REQUEST_LINE.test(startLine)) {
    return { ok: false, error: `start line is not a SIP request or status line: ${quote(startLine)}` };
  }
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) {
    return {
      ok: false,
      error: parts.hasBlankLine
        ? 'lines end in LF, not CRLF (RFC 3261 §7)'
        : 'no blank line after the headers: the message is truncated or not SIP',
    };
  }
  const bad = parts.badLines[0];
  if (bad) return { ok: false, error: `line ${bad.line} is not a header: ${quote(bad.text)}` };

  let message: SipMessage | undefined;
  try {
    // npm `sip` reads the header section rewritten in linear time (sip-handover.ts): as given,
    // a long list or run of whitespace makes its parser quadratic (issue 14).
    message = sip.parse(handoverText(text, headEnd));
  } catch (err) {
    return { ok: false, error: `the SIP parser failed: ${(err as Error).message}` };
  }
  if (!message) return { ok: false, error: 'the SIP parser could not read the message' };

  // RFC 3261 §8.1.1: these header fields are mandatory in every request and response.
  const h = message.headers;
  const missing = (name: string, label: string): ParseResult => ({
    ok: false,
    error:
      headerValues(parts, name).length > 0
        ? `${label} header does not parse: ${quote(firstHeader(parts, name) ?? '')}`
        : `${label} header is missing`,
  });
  if (!Array.isArray(h.via) || h.via.length === 0 || !h.via[0]?.host) return missing('via', 'Via');
  if (typeof h['call-id'] !== 'string' || h['call-id'] === '') return missing('call-id', 'Call-ID');
  if (!h.from || typeof h.from !== 'object') return missing('from', 'From');
  if (!h.to || typeof h.to !== 'object') return missing('to', 'To');
  if (!h.cseq || !Number.isFinite(h.cseq.seq)) return missing('cseq', 'CSeq');

  const tagOf = (p: Record<string, string | null> | undefined): string | undefined => p?.tag ?? undefined;
  const parsed: ParsedSip = {
    kind: isResponse ? 'response' : 'request',
    method: message.method,
    requestUri: message.uri,
    status: message.status,
    reason: message.reason?.trim(),
    callId: h['call-id'],
    cseq: { seq: h.cseq.seq, method: h.cseq.method.toUpperCase() },
    vias: h.via,
    fromTag: tagOf(h.from.params),
    toTag: tagOf(h.to.params),
    message,
    parts,
    header: (name) => headerValues(parts, name),
    first: (name) => firstHeader(parts, name),
  };
  return { ok: true, sip: parsed };
}
