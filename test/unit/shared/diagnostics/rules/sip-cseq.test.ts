import { describe, expect, it } from 'vitest';
import { sipCseqRule } from '../../../../../shared/diagnostics/rules/sip-cseq';
import { callFlow, challengedCall, findingsOf, registerFlow } from '../trace-builder';

describe('sip.cseq', () => {
  it('flags a BYE whose CSeq is not above the INVITE', () => {
    const specs = callFlow({ at: 0, callId: 'q' }).map((s) => ({
      ...s,
      text: s.text.replace('CSeq: 11 BYE', 'CSeq: 9 BYE'),
    }));
    const findings = findingsOf(sipCseqRule, specs);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'CSeq did not increase: BYE with CSeq 9 after INVITE with 10 (Call-ID q)'],
    ]);
    expect(findings[0]?.evidence.map((e) => e.text)).toEqual(['CSeq: 10 INVITE', 'CSeq: 9 BYE']);
  });

  it('flags an authenticated REGISTER that reuses the CSeq', () => {
    const specs = registerFlow({ at: 0 }).map((s) => ({
      ...s,
      text: s.text.replace('CSeq: 2 REGISTER', 'CSeq: 1 REGISTER'),
    }));
    expect(findingsOf(sipCseqRule, specs).map((f) => f.severity)).toEqual(['warning']);
  });

  it('flags a CSeq method that is not the request method, and an ACK with a foreign CSeq', () => {
    const specs = callFlow({ at: 0, callId: 'm' }).map((s) =>
      s.text.startsWith('ACK') ? { ...s, text: s.text.replace('CSeq: 10 ACK', 'CSeq: 10 INVITE') } : s,
    );
    expect(findingsOf(sipCseqRule, specs).map((f) => [f.severity, f.title])).toEqual([
      ['error', 'ACK request with CSeq method INVITE'],
    ]);
    const stray = callFlow({ at: 0, callId: 's' }).map((s) =>
      s.text.startsWith('ACK') ? { ...s, text: s.text.replace('CSeq: 10 ACK', 'CSeq: 12 ACK') } : s,
    );
    expect(findingsOf(sipCseqRule, stray).map((f) => f.title)).toEqual([
      'ACK with CSeq 12 matches no INVITE of its call',
    ]);
  });

  it('passes clean flows: challenge retries, ACKs for 407 and 2xx, BYE', () => {
    expect(
      findingsOf(sipCseqRule, [
        ...registerFlow({ at: 0 }),
        ...callFlow({ at: 5, callId: 'c' }),
        ...challengedCall(20, 'ch'),
      ]),
    ).toEqual([]);
  });
});
