import { describe, expect, it } from 'vitest';
import { judgeGaps } from '../../../../../shared/diagnostics/rules/retransmit-timing';
import { sipRetransmitRule } from '../../../../../shared/diagnostics/rules/sip-retransmit';
import { callFlow, findingsOf, PBX, REGISTRAR, registerFlow, type Spec } from '../trace-builder';

/** A challenge-free registration whose REGISTER is sent at the given times before the 200. */
function registerCopies(times: readonly number[], transport: Spec['transport'] = 'udp'): Spec[] {
  const [req, ok] = registerFlow({ at: 0, challenge: false });
  if (!req || !ok) throw new Error('flow');
  const last = times[times.length - 1] ?? 0;
  return [
    ...times.map((at) => ({ at, from: PBX, to: REGISTRAR, text: req.text, transport })),
    { ...ok, at: last + 0.05, transport },
  ];
}

describe('sip.retransmit', () => {
  it('judges gaps against T1 doubling, T2 cap, and a larger T1', () => {
    expect(judgeGaps([500_000, 1_000_000, 2_000_000, 4_000_000, 4_000_000], true).kind).toBe('rfc');
    expect(judgeGaps([500_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000], false).kind).toBe('rfc');
    expect(judgeGaps([500_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000], true).kind).toBe('irregular');
    expect(judgeGaps([1_000_000, 2_000_000], true)).toEqual({ kind: 'custom-t1', t1Micros: 1_000_000 });
    expect(judgeGaps([200_000, 200_000, 200_000], true).kind).toBe('irregular');
  });

  it('reports a retransmitted request as loss (info for a single repeat)', () => {
    const findings = findingsOf(sipRetransmitRule, registerCopies([0, 0.5]));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['info', '1 request of 1 had to be retransmitted (1 extra copy): loss or a slow answer'],
    ]);
  });

  it('warns about repeated loss and about irregular timing', () => {
    const findings = findingsOf(sipRetransmitRule, registerCopies([0, 0.2, 0.4, 0.6]));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', '1 request of 1 had to be retransmitted (3 extra copies): loss or a slow answer'],
      ['warning', 'REGISTER from 192.0.2.10:5060 retransmitted at irregular intervals'],
    ]);
    expect(findings[1]).toMatchObject({
      observed: 'gaps 0.2 s, 0.2 s, 0.2 s',
      expected: expect.stringContaining('gaps 0.5 s, 1 s, 2 s'),
    });
  });

  it('accepts RFC timing (only the loss note) and a larger T1', () => {
    expect(
      findingsOf(sipRetransmitRule, registerCopies([0, 0.5, 1.5, 3.5, 7.5])).map((f) => f.title),
    ).toEqual([expect.stringContaining('had to be retransmitted')]);
    const t1 = findingsOf(sipRetransmitRule, registerCopies([0, 1, 3]));
    expect(t1).toHaveLength(1);
    expect(t1[0]?.observed).toContain('timers use T1 = 1 s');
  });

  it('flags a 200 OK to INVITE repeated because the ACK did not arrive', () => {
    const call = callFlow({ at: 0, callId: 'a', noBye: true });
    const ok = call.find((s) => s.text.startsWith('SIP/2.0 200'));
    if (!ok) throw new Error('flow');
    const specs = [...call.filter((s) => !s.text.startsWith('ACK')), { ...ok, at: 2.5 }, { ...ok, at: 3.5 }];
    const findings = findingsOf(sipRetransmitRule, specs);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', '200 OK (INVITE) from 203.0.113.50:5060 repeated 3 times: the ACK did not arrive in time'],
    ]);
  });

  it('flags SIP retransmissions over TCP', () => {
    const specs = registerCopies([0, 0.5], 'tcp').map((s) => ({
      ...s,
      text: s.text.replace('SIP/2.0/UDP', 'SIP/2.0/TCP'),
    }));
    expect(findingsOf(sipRetransmitRule, specs).map((f) => f.title)).toEqual([
      'REGISTER repeated over a reliable transport (TCP/TLS)',
    ]);
  });

  it('finds nothing without repeats, and ignores one packet captured twice', () => {
    expect(
      findingsOf(sipRetransmitRule, [...registerFlow({ at: 0 }), ...callFlow({ at: 5, callId: 'c' })]),
    ).toEqual([]);
    expect(findingsOf(sipRetransmitRule, registerCopies([0, 0.0002]))).toEqual([]);
  });
});
