// What makes a request unfit to act on, found before any transaction or call state exists
// (RFC 3261 §8.2): the response that says so, with the reason in the phrase and a Warning.
// The parser already refuses a request without Via, Call-ID, From, To or CSeq (it cannot even be
// answered without them); this checks what is left of §8.1.1 and §8.2.
import type { ParsedSip } from '../sip/parse-message';

export interface RequestProblem {
  readonly status: number;
  readonly reason: string;
}

const SINGLETONS: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  from: 'From',
  to: 'To',
  'max-forwards': 'Max-Forwards',
  'content-length': 'Content-Length',
};
const SCHEMES = /^(sips?|tel):/i;

export function requestProblem(sip: ParsedSip): RequestProblem | undefined {
  const method = sip.method ?? '';
  // §8.2.2.1: a Request-URI scheme we do not understand.
  if (!SCHEMES.test(sip.requestUri ?? '')) return { status: 416, reason: 'Unsupported URI Scheme' };
  // §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via are mandatory (the parser checked the others).
  const maxForwards = sip.header('max-forwards');
  if (maxForwards.length === 0) return bad('Missing Max-Forwards header');
  if (!/^\d{1,3}$/.test(maxForwards[0] ?? '')) return bad('Malformed Max-Forwards header');
  // §7.3.1: these appear once; two different values leave the request ambiguous.
  for (const [name, label] of Object.entries(SINGLETONS)) {
    const values = sip.header(name);
    if (values.length > 1 && values.some((v) => v !== values[0])) return bad(`Conflicting ${label} headers`);
  }
  // §8.1.1.5: the CSeq method matches the request's.
  if (sip.cseq.method !== method.toUpperCase()) return bad('CSeq method does not match the request');
  // §18.3: a datagram that ends before the body Content-Length announces is an error.
  const length = sip.first('content-length');
  if (length !== undefined) {
    if (!/^\d{1,9}$/.test(length.trim())) return bad('Malformed Content-Length header');
    if (Number(length) > sip.parts.body.length) return bad('Content-Length exceeds the body');
  }
  // §8.1.1.8: a request that can establish a dialog carries exactly one Contact URI.
  if (method === 'INVITE') {
    const contacts = sip.header('contact');
    if (contacts.length === 0) return bad('Missing Contact header');
    if (contacts.length > 1 || !/<?\s*(sips?|tel):[^\s>]+/i.test(contacts[0] ?? ''))
      return bad('Malformed Contact header');
  }
  return undefined;
}

function bad(reason: string): RequestProblem {
  return { status: 400, reason };
}
