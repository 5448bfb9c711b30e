import { describe, expect, it } from 'vitest';
import { requestProblem } from '../../../../electron/engine/core/request-problem';
import { parseWire } from '../../../../electron/engine/sip/parse-message';

const SDP =
  'v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

function invite(edit: (lines: string[]) => string[] = (l) => l, body = SDP): string {
  const lines = [
    'INVITE sip:100@127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1',
    'Max-Forwards: 70',
    'From: <sip:a@127.0.0.1>;tag=1',
    'To: <sip:100@127.0.0.1>',
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    'Contact: <sip:a@127.0.0.1:5070>',
    'Content-Type: application/sdp',
    `Content-Length: ${body.length}`,
  ];
  return `${edit(lines).join('\r\n')}\r\n\r\n${body}`;
}

function problem(text: string) {
  const r = parseWire(Buffer.from(text, 'latin1'));
  if (!r.ok) throw new Error(r.error);
  return requestProblem(r.sip);
}

describe('requestProblem (RFC 3261 §8.2)', () => {
  it('accepts a well-formed INVITE', () => {
    expect(problem(invite())).toBeUndefined();
  });

  it('refuses a request without Max-Forwards', () => {
    expect(problem(invite((l) => l.filter((h) => !h.startsWith('Max-Forwards'))))).toEqual({
      status: 400,
      reason: 'Missing Max-Forwards header',
    });
  });

  it('refuses an INVITE without Contact (§8.1.1.8)', () => {
    expect(problem(invite((l) => l.filter((h) => !h.startsWith('Contact'))))?.reason).toBe(
      'Missing Contact header',
    );
  });

  it('refuses a CSeq whose method is not the request’s', () => {
    expect(problem(invite((l) => l.map((h) => (h.startsWith('CSeq') ? 'CSeq: 1 BYE' : h))))?.reason).toBe(
      'CSeq method does not match the request',
    );
  });

  it('refuses a body shorter than Content-Length (§18.3)', () => {
    const cut = invite(
      (l) => l.map((h) => (h.startsWith('Content-Length') ? `Content-Length: ${SDP.length}` : h)),
      SDP.slice(0, 20),
    );
    expect(problem(cut)?.reason).toBe('Content-Length exceeds the body');
  });

  it('refuses two different Call-IDs', () => {
    expect(problem(invite((l) => [...l, 'Call-ID: other']))?.reason).toBe('Conflicting Call-ID headers');
  });

  it('answers 416 to a scheme it does not know (§8.2.2.1)', () => {
    expect(problem(invite((l) => [l[0]!.replace('sip:', 'http:'), ...l.slice(1)]))?.status).toBe(416);
  });
});
