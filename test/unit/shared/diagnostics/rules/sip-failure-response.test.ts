import { describe, expect, it } from 'vitest';
import { sipFailureResponseRule } from '../../../../../shared/diagnostics/rules/sip-failure-response';
import {
  callFlow,
  challengedCall,
  findingsOf,
  PBX,
  REGISTRAR,
  registerFlow,
  request,
  response,
  sipText,
} from '../trace-builder';

describe('sip.failure-response', () => {
  it('explains a 403 with its Warning header (4xx: warning)', () => {
    const specs = callFlow({
      at: 0,
      callId: 'f',
      finalStatus: [403, 'Forbidden', ['Warning: 399 sbc.example "From host not recognised"']],
    });
    const findings = findingsOf(sipFailureResponseRule, specs);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'sip.failure-response',
      severity: 'warning',
      title: 'INVITE refused: 403 Forbidden',
      observed: 'INVITE answered 403 Forbidden; Warning: 399 sbc.example "From host not recognised"',
    });
    expect(findings[0]?.evidence.map((e) => e.text)).toEqual([
      'SIP/2.0 403 Forbidden',
      'Warning: 399 sbc.example "From host not recognised"',
    ]);
    expect(findings[0]?.explanation).toContain('From host not recognised');
  });

  it('makes 5xx an error and passes Retry-After into the fix', () => {
    const specs = callFlow({
      at: 0,
      callId: 'u',
      finalStatus: [503, 'Service Unavailable', ['Retry-After: 120']],
    });
    const [f] = findingsOf(sipFailureResponseRule, specs);
    expect(f).toMatchObject({ severity: 'error', title: 'INVITE refused: 503 Service Unavailable' });
    expect(f?.fix).toContain('Retry-After time (120)');
  });

  it('reports credentials rejected after a challenge as an error, and an unanswered challenge as a warning', () => {
    const rejected = registerFlow({
      at: 0,
      finalStatus: [401, 'Unauthorized', ['WWW-Authenticate: Digest realm="x", nonce="n2"']],
    });
    expect(findingsOf(sipFailureResponseRule, rejected).map((f) => [f.severity, f.title])).toEqual([
      ['error', 'REGISTER credentials rejected: 401 Unauthorized to an authenticated request'],
    ]);
    const unanswered = registerFlow({ at: 0 }).slice(0, 2);
    expect(findingsOf(sipFailureResponseRule, unanswered).map((f) => f.severity)).toEqual(['warning']);
  });

  it('keeps a 487 after CANCEL as info', () => {
    const invite = request({
      method: 'INVITE',
      ruri: 'sip:+12035550199@203.0.113.50',
      viaHost: PBX,
      branch: 'z9hG4bK-x',
      from: '<sip:+12035550100@192.0.2.10>;tag=1',
      to: '<sip:+12035550199@203.0.113.50>',
      callId: 'cx',
      cseq: 1,
    });
    const cancel = sipText('CANCEL sip:+12035550199@203.0.113.50 SIP/2.0', [
      `Via: SIP/2.0/UDP ${PBX};branch=z9hG4bK-x;rport`,
      'Max-Forwards: 70',
      'From: <sip:+12035550100@192.0.2.10>;tag=1',
      'To: <sip:+12035550199@203.0.113.50>',
      'Call-ID: cx',
      'CSeq: 1 CANCEL',
    ]);
    const specs = [
      { at: 0, from: PBX, to: REGISTRAR, text: invite },
      { at: 3, from: PBX, to: REGISTRAR, text: cancel },
      { at: 3.05, from: REGISTRAR, to: PBX, text: response(cancel, 200, 'OK', { toTag: 'c' }) },
      {
        at: 3.06,
        from: REGISTRAR,
        to: PBX,
        text: response(invite, 487, 'Request Terminated', { toTag: 'c' }),
      },
    ];
    expect(findingsOf(sipFailureResponseRule, specs).map((f) => [f.severity, f.title])).toEqual([
      ['info', 'INVITE ended: 487 Request Terminated'],
    ]);
  });

  it('leaves out answered challenges, 429 to REGISTER (reg.429) and successes', () => {
    expect(
      findingsOf(sipFailureResponseRule, [...registerFlow({ at: 0 }), ...challengedCall(5, 'ch')]),
    ).toEqual([]);
    const limited = registerFlow({ at: 0, finalStatus: [429, 'Too Many Requests', ['Retry-After: 60']] });
    expect(findingsOf(sipFailureResponseRule, limited)).toEqual([]);
  });

  it('reads a 488 to a T.38 re-INVITE followed by an accepted audio re-INVITE as a fax fallback, not a failed call', () => {
    const call = callFlow({ at: 0, callId: 'fax', holdFor: 30 });
    const reinvite = (seq: number, body: string): string =>
      request({
        method: 'INVITE',
        ruri: 'sip:+12035550199@203.0.113.50:5060',
        viaHost: PBX,
        branch: `z9hG4bK-re${seq}`,
        from: '"Caller" <sip:+12035550100@192.0.2.10>;tag=a-fax',
        to: '<sip:+12035550199@203.0.113.50>;tag=b-fax',
        callId: 'fax',
        cseq: seq,
        body,
      });
    const t38 = reinvite(
      20,
      'v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=image 40000 udptl t38\r\n',
    );
    const audio = reinvite(
      21,
      'v=0\r\no=- 1 3 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n',
    );
    const fax = [
      { at: 10, from: PBX, to: '203.0.113.50:5060', text: t38 },
      { at: 10.1, from: '203.0.113.50:5060', to: PBX, text: response(t38, 488, 'Not Acceptable Here') },
      { at: 10.2, from: PBX, to: '203.0.113.50:5060', text: audio },
      { at: 10.3, from: '203.0.113.50:5060', to: PBX, text: response(audio, 200, 'OK') },
    ];
    const specs = [...call, ...fax].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
    expect(findingsOf(sipFailureResponseRule, specs).map((f) => [f.severity, f.title])).toEqual([
      [
        'info',
        'The far end has no T.38: fax fell back to G.711 (488 Not Acceptable Here to the T.38 re-INVITE, audio re-INVITE accepted)',
      ],
    ]);
    const noFallback = [...call, ...fax.slice(0, 2)].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
    expect(findingsOf(sipFailureResponseRule, noFallback).map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'The far end refused T.38 (488 Not Acceptable Here to the re-INVITE offering fax relay)'],
    ]);
  });
});
