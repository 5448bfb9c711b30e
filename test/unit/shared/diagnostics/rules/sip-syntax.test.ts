import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../../../../../shared/diagnostics/analyze';
import { sipSyntaxRule } from '../../../../../shared/diagnostics/rules/sip-syntax';
import { callFlow, findingsOf, profile, registerFlow, trace } from '../trace-builder';

// The IP-trunk guide's sample INVITE, verbatim (seed 000), as a technician would paste it.
const seed = readFileSync(
  new URL('../../../../fixtures/traces/seed-000-sample-invite.txt', import.meta.url),
  'latin1',
);

describe('sip.syntax', () => {
  it("flags the four damaged places of the guide's sample INVITE, each with its line", () => {
    const findings = findingsOf(sipSyntaxRule, [{ text: seed }], profile('skyswitch'));
    const at = (line: number) => findings.filter((f) => f.evidence[0]?.line === line);
    // Via with no host.
    expect(at(2)).toHaveLength(1);
    expect(at(2)[0]).toMatchObject({
      severity: 'error',
      observed: 'Via: SIP/2.0/UDP;branch=z9hG4bK-55257c08b011e59d61b2d3b1b28533aa;rport',
    });
    expect(at(2)[0]?.title).toContain('no host');
    // To with no '<sip:'.
    expect(at(4)).toHaveLength(1);
    expect(at(4)[0]?.evidence[0]?.text).toBe('To: 12032130635@trunking-customer.15611.service>');
    expect(at(4)[0]?.title).toContain("no '<' opened");
    // Contact with no '<sip:' and no host: two findings on line 8.
    const contact = at(8).map((f) => f.title);
    expect(contact).toHaveLength(2);
    expect(contact.some((t) => t.includes("no '<' opened"))).toBe(true);
    expect(contact.some((t) => t.includes('no host'))).toBe(true);
    expect(
      at(8).every(
        (f) => f.severity === 'error' && f.evidence[0]?.text === 'Contact: 2032625093@;transport=udp>',
      ),
    ).toBe(true);
    for (const f of findings) {
      expect(f.explanation.length).toBeGreaterThan(40);
      expect(f.fix.length).toBeGreaterThan(20);
    }
  });

  it('groups one problem repeated in several messages into one finding', () => {
    const bad = seed.replace('Call-ID: 153915ad@pbx', 'Call-ID: second@pbx');
    const findings = findingsOf(sipSyntaxRule, [{ text: seed }, { text: bad }]);
    const via = findings.filter((f) => f.title.includes('Via has no host'));
    expect(via).toHaveLength(1);
    expect(via[0]?.evidence.map((e) => e.messageIndex)).toEqual([0, 1]);
    expect(via[0]?.title).toContain('(2 messages)');
  });

  it('leaves the CSeq/method mismatch to sip.cseq', () => {
    const flow = registerFlow({ at: 0, challenge: false });
    const first = flow[0];
    if (!first) throw new Error('no flow');
    const mismatched = [{ ...first, text: first.text.replace('CSeq: 1 REGISTER', 'CSeq: 1 INVITE') }];
    const all = analyzeTrace(trace(mismatched), profile()).findings;
    expect(all.filter((f) => f.rule === 'sip.syntax')).toEqual([]);
    expect(all.filter((f) => f.rule === 'sip.cseq').map((f) => f.severity)).toEqual(['error']);
  });

  it('finds nothing in well-formed messages', () => {
    expect(
      findingsOf(sipSyntaxRule, [...registerFlow({ at: 0 }), ...callFlow({ at: 5, callId: 'ok' })]),
    ).toEqual([]);
  });

  it('makes a missing Max-Forwards a warning, and damage the peer answered normally not an error', () => {
    const call = callFlow({ at: 0, callId: 'mf' }).map((s) =>
      s.text.startsWith('ACK') ? { ...s, text: s.text.replace('Max-Forwards: 70\r\n', '') } : s,
    );
    expect(findingsOf(sipSyntaxRule, call).map((f) => [f.severity, f.title])).toEqual([
      [
        'warning',
        'Line 1 (max-forwards): the request has no Max-Forwards header, which every request must carry (RFC 3261 §8.1.1)',
      ],
    ]);
    // An unbracketed IPv6 From host in an INVITE the far end answered 200: the call did not fail.
    const v6 = callFlow({ at: 0, callId: 'v6', fromHost: 'fe80:0:0:0:21a:a0ff:fe07:32e0' });
    const findings = findingsOf(sipSyntaxRule, v6).filter((f) => f.title.includes('(from)'));
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    // The same INVITE refused with 400 Bad Request: that is what failed it.
    const refused = callFlow({
      at: 0,
      callId: 'v6b',
      fromHost: 'fe80:0:0:0:21a:a0ff:fe07:32e0',
      finalStatus: [400, 'Bad Request'],
    });
    expect(
      findingsOf(sipSyntaxRule, refused)
        .filter((f) => f.title.includes('(from)'))
        .map((f) => f.severity),
    ).toEqual(['error']);
  });
});
