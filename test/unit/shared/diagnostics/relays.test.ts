import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../../../../shared/diagnostics/analyze';
import { regOnePbxRule } from '../../../../shared/diagnostics/rules/reg-one-pbx';
import { sipCseqRule } from '../../../../shared/diagnostics/rules/sip-cseq';
import { sipFailureResponseRule } from '../../../../shared/diagnostics/rules/sip-failure-response';
import { sipNoFinalResponseRule } from '../../../../shared/diagnostics/rules/sip-no-final-response';
import { sipRetransmitRule } from '../../../../shared/diagnostics/rules/sip-retransmit';
import { callFlow, findingsOf, profile, registerFlow, trace, type Spec } from './trace-builder';

// Both legs through a record-routing proxy, as dumpcap on the proxy's host captures them: what the
// UA sends to the proxy, and the proxy's relayed copy (its own Via on top, RFC 3261 §16.6) to the
// next hop; responses come back with that Via popped (§16.7).
const UAC = '203.0.113.7:5060';
const PROXY = '198.51.100.5:5060';
const UAS = '198.51.100.9:5080';

function pushVia(text: string, branch: string): string {
  return text.replace(/^(.*\r\n)/, `$1Via: SIP/2.0/UDP ${PROXY};branch=${branch}\r\n`);
}

function popVia(text: string): string {
  return text.replace(/\r\nVia:[^\r]*/, '');
}

/** Each message of a direct UAC↔UAS flow on both hops: UAC→proxy→UAS and back. */
function throughProxy(flow: readonly Spec[], from: string, to: string): Spec[] {
  const out: Spec[] = [];
  flow.forEach((s, i) => {
    const at = s.at ?? 0;
    const request = !s.text.startsWith('SIP/2.0');
    if (request) {
      const branch = `z9hG4bK-p-${/branch=([^;\r]+)/.exec(s.text)?.[1] ?? i}`;
      out.push({ ...s, from, to: PROXY });
      out.push({ ...s, at: at + 0.001, from: PROXY, to, text: pushVia(s.text, branch) });
    } else {
      // The direct flow's response has the UAC's Via only: the UAS answers the relayed copy.
      const branch = `z9hG4bK-p-${/branch=([^;\r]+)/.exec(s.text)?.[1] ?? i}`;
      out.push({ ...s, at: at - 0.001, from: to, to: PROXY, text: pushVia(s.text, branch) });
      out.push({ ...s, from: PROXY, to: from, text: popVia(pushVia(s.text, branch)) });
    }
  });
  return out;
}

describe('relayed copies: one message on several hops is one event', () => {
  it('counts a call relayed over two hops once and finds no CSeq, retransmission or duplicate in it', () => {
    const specs = throughProxy(callFlow({ at: 0, callId: 'relay-1', caller: UAC, callee: UAS }), UAC, UAS);
    const result = analyzeTrace(trace(specs), profile());
    expect(result.stats).toMatchObject({ calls: 1, answeredCalls: 1, transactions: 2, retransmissions: 0 });
    expect(findingsOf(sipCseqRule, specs)).toEqual([]);
    expect(findingsOf(sipRetransmitRule, specs)).toEqual([]);
    // Sanity: without the relay link the copies were 2 calls and "CSeq did not increase".
    expect(specs.filter((s) => s.text.startsWith('INVITE'))).toHaveLength(2);
  });

  it('does not call a REGISTER relayed by a proxy a second source for the account', () => {
    const reg = registerFlow({ at: 0, pbx: UAC, registrar: UAS });
    const specs = throughProxy(reg, UAC, UAS);
    expect(findingsOf(regOnePbxRule, specs, profile('skyetel'))).toEqual([]);
  });

  it('names the hop whose retransmissions started, and the hop that lost the ACK', () => {
    const call = throughProxy(
      callFlow({ at: 0, callId: 'relay-2', caller: UAC, callee: UAS, noBye: true }),
      UAC,
      UAS,
    );
    const oks = call.filter((s) => s.text.startsWith('SIP/2.0 200'));
    const [okAtProxy, okToUac] = oks;
    if (!okAtProxy || !okToUac) throw new Error('flow');
    // The UAS repeats its 200 (the proxy's tm passes each copy on): the ACK reached the proxy only.
    const repeats = [2.5, 3.5, 5.5].flatMap((at) => [
      { ...okAtProxy, at: at - 0.001 },
      { ...okToUac, at },
    ]);
    const acks = call.filter((s) => s.text.startsWith('ACK') && s.to === PROXY);
    const specs = [...call.filter((s) => !s.text.startsWith('ACK')), ...acks, ...repeats].sort(
      (a, b) => (a.at ?? 0) - (b.at ?? 0),
    );
    const findings = findingsOf(sipRetransmitRule, specs);
    expect(findings.map((f) => f.title)).toEqual([
      `200 OK (INVITE) from ${UAS} repeated 4 times on the hop ${UAS} → ${PROXY} (passed on to ${PROXY} → ${UAC}): the ACK did not arrive in time`,
    ]);
    expect(findings[0]?.observed).toContain(`ACKs seen: ${UAC} → ${PROXY}`);
    expect(findings[0]?.explanation).toContain(`The ACK reached ${PROXY} and was not passed on to ${UAS}`);
  });

  it('names the proxy that changed the CSeq of a request it relayed', () => {
    const specs = throughProxy(
      callFlow({ at: 0, callId: 'relay-3', caller: UAC, callee: UAS }),
      UAC,
      UAS,
    ).map((s) =>
      s.from === PROXY && s.text.startsWith('BYE')
        ? { ...s, text: s.text.replace('CSeq: 11 BYE', 'CSeq: 7 BYE') }
        : s,
    );
    const titles = findingsOf(sipCseqRule, specs).map((f) => f.title);
    expect(titles).toEqual([
      `BYE relayed with CSeq 7 after arriving with CSeq 11: ${PROXY} → ${UAS} changed it`,
    ]);
  });

  it('links a copy whose Via stack an SBC replaced (same Call-ID and CSeq, sent on by the host that received it)', () => {
    const sbcOut = '198.51.100.5:5160';
    const reg = registerFlow({ at: 0, pbx: UAC, registrar: PROXY });
    const relayed = registerFlow({ at: 0.002, pbx: sbcOut, registrar: UAS, branchPrefix: 'z9hG4bK-sbc' });
    const specs = [...reg, ...relayed].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
    const result = analyzeTrace(trace(specs), profile('skyetel'), { rules: [regOnePbxRule, sipCseqRule] });
    expect(result.findings).toEqual([]);
    expect(result.stats.transactions).toBe(2);
    // A UA that reuses a CSeq for a new request is not a relay: that stays a CSeq finding.
    const reused = registerFlow({ at: 0, pbx: UAC, registrar: PROXY, challenge: false });
    const again = registerFlow({
      at: 1,
      pbx: UAC,
      registrar: PROXY,
      challenge: false,
      branchPrefix: 'z9hG4bK-again',
    });
    expect(findingsOf(sipCseqRule, [...reused, ...again]).map((f) => f.severity)).toEqual(['warning']);
  });

  it('names the element that refused a relayed call, and the proxy that passed the answer back', () => {
    const refused = throughProxy(
      callFlow({ at: 0, callId: 'relay-4', caller: UAC, callee: UAS, finalStatus: [486, 'Busy Here'] }),
      UAC,
      UAS,
    );
    const findings = findingsOf(sipFailureResponseRule, refused);
    expect(findings.map((f) => f.title)).toEqual(['INVITE refused: 486 Busy Here']);
    expect(findings[0]?.observed).toBe(
      `INVITE answered 486 Busy Here; answered by ${UAS} on the hop ${PROXY} → ${UAS} (proxy → UAS), passed back by ${PROXY}`,
    );
  });

  it('names the proxy that got a final response and did not pass it back', () => {
    const call = throughProxy(
      callFlow({ at: 0, callId: 'relay-5', caller: UAC, callee: UAS, noBye: true }),
      UAC,
      UAS,
    );
    // The 200 OK reached the proxy but never left it toward the caller.
    const specs = call.filter((s) => !(s.from === PROXY && s.to === UAC && s.text.startsWith('SIP/2.0 200')));
    const findings = findingsOf(sipNoFinalResponseRule, [
      ...specs,
      {
        ...specs[0]!,
        at: 40,
        text: specs[0]!.text
          .replace('CSeq: 10 INVITE', 'CSeq: 99 INVITE')
          .replace(/branch=[^;\r]+/, 'branch=z9hG4bK-late'),
      },
    ]);
    const invite = findings.find((f) => f.title.startsWith('INVITE'));
    expect(invite?.observed).toContain(
      `${PROXY} got 200 OK (INVITE) on the hop ${PROXY} → ${UAS} (proxy → UAS) and did not pass it back`,
    );
  });
});
