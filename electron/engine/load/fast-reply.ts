// The fast path's reader: one pass over the header lines of a datagram, lifting out only what
// the load generator acts on. It fills one reusable object (no allocation per message besides
// the text). Anything it does not recognise (a request, a missing Call-ID or CSeq) returns false,
// and the caller falls back to npm `sip`'s parser (parseWire).

export interface FastReply {
  status: number;
  reason: string;
  callId: string;
  cseq: number;
  cseqMethod: string;
  /** The To header's tag parameter, '' when none. */
  toTag: string;
  /** The whole To header value (for ACK/BYE), '' when none. */
  to: string;
  /** The Contact URI (inside <>, or up to ';'), '' when none. */
  contact: string;
  /** Record-Route values in order, one entry per header line (comma lists kept as one entry). */
  recordRoutes: string[];
  retryAfter: string;
  warning: string;
  /** WWW-Authenticate / Proxy-Authenticate values (401/407). */
  challenges: string[];
  /** Index of the body in the text, -1 when none. */
  bodyStart: number;
}

export function newFastReply(): FastReply {
  return {
    status: 0,
    reason: '',
    callId: '',
    cseq: 0,
    cseqMethod: '',
    toTag: '',
    to: '',
    contact: '',
    recordRoutes: [],
    retryAfter: '',
    warning: '',
    challenges: [],
    bodyStart: -1,
  };
}

function toTagOf(value: string): string {
  // The tag is a parameter after the URI; a ';tag=' inside <...> would be a URI parameter.
  const close = value.lastIndexOf('>');
  const params = close >= 0 ? value.slice(close + 1) : value;
  const m = /;\s*tag\s*=\s*([^;\s,]+)/i.exec(params);
  return m ? m[1]! : '';
}

function contactUri(value: string): string {
  const open = value.indexOf('<');
  if (open >= 0) {
    const close = value.indexOf('>', open);
    return close > open ? value.slice(open + 1, close) : '';
  }
  const semi = value.indexOf(';');
  return (semi >= 0 ? value.slice(0, semi) : value).trim();
}

/**
 * Reads a SIP response. Returns false (and the caller uses the full parser) for requests and for
 * anything without a status line, Call-ID and CSeq.
 */
export function readReply(text: string, out: FastReply): boolean {
  if (!text.startsWith('SIP/2.0 ')) return false;
  let eol = text.indexOf('\r\n');
  if (eol < 0) return false;
  const status = Number(text.slice(8, 11));
  if (!(status >= 100 && status <= 699) || (text.length > 11 && text[11] !== ' ' && eol !== 11)) return false;
  out.status = status;
  out.reason = text.slice(12, eol);
  out.callId = '';
  out.cseq = 0;
  out.cseqMethod = '';
  out.toTag = '';
  out.to = '';
  out.contact = '';
  out.recordRoutes.length = 0;
  out.retryAfter = '';
  out.warning = '';
  out.challenges.length = 0;
  out.bodyStart = -1;
  let pos = eol + 2;
  while (pos < text.length) {
    eol = text.indexOf('\r\n', pos);
    if (eol < 0) eol = text.length;
    if (eol === pos) {
      out.bodyStart = eol + 2;
      break;
    }
    // Folded continuation lines (RFC 3261 §7.3.1) are rare: leave those messages to the full parser.
    const c0 = text.charCodeAt(pos);
    if (c0 === 32 || c0 === 9) return false;
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > eol) return false;
    const name = text.slice(pos, colon).trim().toLowerCase();
    const value = text.slice(colon + 1, eol).trim();
    switch (name) {
      case 'call-id':
      case 'i':
        out.callId = value;
        break;
      case 'cseq': {
        const space = value.indexOf(' ');
        out.cseq = Number(value.slice(0, space));
        out.cseqMethod = value.slice(space + 1).trim();
        break;
      }
      case 'to':
      case 't':
        out.to = value;
        out.toTag = toTagOf(value);
        break;
      case 'contact':
      case 'm':
        if (out.contact === '') out.contact = contactUri(value);
        break;
      case 'record-route':
        out.recordRoutes.push(value);
        break;
      case 'retry-after':
        out.retryAfter = value;
        break;
      case 'warning':
        out.warning = out.warning === '' ? value : `${out.warning}, ${value}`;
        break;
      case 'www-authenticate':
      case 'proxy-authenticate':
        out.challenges.push(value);
        break;
      default:
        break;
    }
    pos = eol + 2;
  }
  return out.callId !== '' && Number.isInteger(out.cseq) && out.cseq > 0 && out.cseqMethod !== '';
}
