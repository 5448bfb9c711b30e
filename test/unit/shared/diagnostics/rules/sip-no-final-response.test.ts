import { describe, expect, it } from 'vitest';
import { sipNoFinalResponseRule } from '../../../../../shared/diagnostics/rules/sip-no-final-response';
import {
  callFlow,
  findingsOf,
  merge,
  optionsPing,
  PBX,
  REGISTRAR,
  registerFlow,
  type Spec,
} from '../trace-builder';

/** A REGISTER sent at the RFC 3261 Timer E times and never answered. */
function intoSilence(times: readonly number[]): Spec[] {
  const text = registerFlow({ at: 0, challenge: false })[0]?.text ?? '';
  return times.map((at) => ({ at, from: PBX, to: REGISTRAR, text }));
}
const TIMER_E = [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5];

describe('sip.no-final-response', () => {
  it('flags a REGISTER retransmitted into silence as an error', () => {
    const findings = findingsOf(
      sipNoFinalResponseRule,
      merge(intoSilence(TIMER_E), optionsPing(40, PBX, '198.51.100.9:5060')),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      title: 'REGISTER to 198.51.100.1:5060 got no response (sent 11 times over 31.5 s)',
    });
    expect(findings[0]?.evidence).toEqual([
      { messageIndex: 0, line: 1, text: 'REGISTER sip:sip.example.net SIP/2.0' },
    ]);
  });

  it('only warns when the trace ends before Timer F could fire', () => {
    const findings = findingsOf(sipNoFinalResponseRule, intoSilence([0, 0.5, 1.5]));
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0]?.explanation).toContain('may simply not have been captured');
  });

  it('warns about an INVITE left with provisional responses only', () => {
    const ringing = callFlow({ at: 0, callId: 'ring', noBye: true }).slice(0, 3);
    const findings = findingsOf(sipNoFinalResponseRule, ringing);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'warning',
        'INVITE to 203.0.113.50:5060 got only provisional responses (100 Trying (INVITE), 180 Ringing (INVITE)), no final answer',
      ],
    ]);
  });

  it('passes answered transactions, ACKs included', () => {
    expect(
      findingsOf(sipNoFinalResponseRule, [...registerFlow({ at: 0 }), ...callFlow({ at: 5, callId: 'c' })]),
    ).toEqual([]);
  });

  it('flags a 200 OK to BYE that carries another Call-ID', () => {
    const call = callFlow({ at: 0, callId: 'bye-a', holdFor: 5 });
    const specs = call.map((s) =>
      s.text.startsWith('SIP/2.0 200 OK') && s.text.includes('CSeq: 11 BYE')
        ? { ...s, text: s.text.replace('Call-ID: bye-a', 'Call-ID: some-other-call') }
        : s,
    );
    const findings = findingsOf(sipNoFinalResponseRule, specs);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'BYE answered 200 OK (BYE) with another Call-ID (some-other-call instead of bye-a)'],
    ]);
    expect(findings[0]?.evidence.map((e) => e.text)).toContain('Call-ID: some-other-call');
  });
});
