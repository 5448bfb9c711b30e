import { describe, expect, it } from 'vitest';
import { newFastReply, readReply } from '../../../../electron/engine/load/fast-reply';
import { parseDeltaSeconds } from '../../../../shared/sip/delta-seconds';

const crlf = (lines: string[]) => lines.join('\r\n');

const OK = crlf([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK00000000010000001i1;rport=40000',
  'Record-Route: <sip:127.0.0.1:5070;lr;did=1a2>',
  'Record-Route: <sip:127.0.0.2;lr>, <sip:127.0.0.3;lr>',
  'From: <sip:sipkit@127.0.0.1>;tag=00000000010000001',
  'To: <sip:100@127.0.0.1:5070>;tag=9812SIPpTag011',
  'Call-ID: 00000000010000001-abcd1234@127.0.0.1',
  'CSeq: 1 INVITE',
  'Contact: "UAS" <sip:sipp-uas@127.0.0.1:5080;transport=UDP>;expires=10',
  'Content-Type: application/sdp',
  'Content-Length: 10',
  '',
  'v=0\r\ns=-\r\n',
]);

describe('readReply (the fast path)', () => {
  it('lifts the status, Call-ID, CSeq, To tag, Contact and Record-Route out of a 200', () => {
    const r = newFastReply();
    expect(readReply(OK, r)).toBe(true);
    expect(r).toMatchObject({
      status: 200,
      reason: 'OK',
      callId: '00000000010000001-abcd1234@127.0.0.1',
      cseq: 1,
      cseqMethod: 'INVITE',
      toTag: '9812SIPpTag011',
      to: '<sip:100@127.0.0.1:5070>;tag=9812SIPpTag011',
      contact: 'sip:sipp-uas@127.0.0.1:5080;transport=UDP',
      recordRoutes: ['<sip:127.0.0.1:5070;lr;did=1a2>', '<sip:127.0.0.2;lr>, <sip:127.0.0.3;lr>'],
    });
    expect(OK.slice(r.bodyStart)).toBe('v=0\r\ns=-\r\n');
  });

  it('reads compact header names, Warning, Retry-After and challenges', () => {
    const r = newFastReply();
    const text = crlf([
      'SIP/2.0 503 Service Unavailable',
      'v: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKx',
      'f: <sip:a@b>;tag=1',
      't: <sip:c@d>;tag=2',
      'i: abc@def',
      'CSeq: 7 INVITE',
      'Warning: 399 edge "CPS limit 3 exceeded"',
      'Retry-After: 5 (busy);duration=60',
      'Proxy-Authenticate: Digest realm="r", nonce="n"',
      '',
      '',
    ]);
    expect(readReply(text, r)).toBe(true);
    expect(r).toMatchObject({ status: 503, callId: 'abc@def', cseq: 7, toTag: '2' });
    expect(r.warning).toBe('399 edge "CPS limit 3 exceeded"');
    expect(parseDeltaSeconds(r.retryAfter)).toBe(5);
    expect(r.challenges).toEqual(['Digest realm="r", nonce="n"']);
  });

  it('resets everything between messages (one reused object)', () => {
    const r = newFastReply();
    readReply(OK, r);
    readReply(crlf(['SIP/2.0 100 Trying', 'Call-ID: x', 'CSeq: 1 INVITE', 'To: <sip:a@b>', '', '']), r);
    expect(r).toMatchObject({ status: 100, toTag: '', contact: '', recordRoutes: [], warning: '' });
  });

  it('leaves requests, garbage, folded headers and replies without Call-ID or CSeq to the full parser', () => {
    const r = newFastReply();
    expect(readReply('BYE sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: 2 BYE\r\n\r\n', r)).toBe(false);
    expect(readReply('hello', r)).toBe(false);
    expect(readReply('SIP/2.0 abc OK\r\n\r\n', r)).toBe(false);
    expect(readReply('SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n', r)).toBe(false);
    expect(
      readReply('SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nTo: <sip:a@b>\r\n ;tag=1\r\n\r\n', r),
    ).toBe(false);
  });

  it('ignores a tag-like parameter inside the To URI', () => {
    const r = newFastReply();
    readReply(crlf(['SIP/2.0 486 Busy', 'Call-ID: x', 'CSeq: 1 INVITE', 'To: <sip:a@b;tag=uri>', '', '']), r);
    expect(r.toTag).toBe('');
  });

  it('reads a datagram as received (bytes), header names in any case, blanks around the colon', () => {
    const r = newFastReply();
    const bytes = Buffer.from(
      crlf([
        'SIP/2.0 180 Ringing',
        'CALL-ID :  00000000010000001-abcd1234@127.0.0.1 ',
        'cseq: 1 INVITE',
        'TO: <sip:100@127.0.0.1>;tag=ab',
        '',
        '',
      ]),
      'latin1',
    );
    expect(readReply(bytes, r)).toBe(true);
    expect(r).toMatchObject({
      status: 180,
      reason: 'Ringing',
      callId: '00000000010000001-abcd1234@127.0.0.1',
      cseq: 1,
      cseqMethod: 'INVITE',
    });
    readReply(
      Buffer.from(
        crlf(['SIP/2.0 200 OK', 'call-id: y', 'cseq: 2 BYE', 'to: <sip:a@b>;tag=z', '', '']),
        'latin1',
      ),
      r,
    );
    expect(r).toMatchObject({ status: 200, callId: 'y', cseq: 2, cseqMethod: 'BYE', toTag: 'z' });
  });

  it('refuses a CSeq without a number or a method', () => {
    const r = newFastReply();
    expect(readReply('SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: INVITE\r\n\r\n', r)).toBe(false);
    expect(readReply('SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1\r\n\r\n', r)).toBe(false);
  });
});
