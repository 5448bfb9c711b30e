import { describe, expect, it } from 'vitest';
import { sipBranchRule } from '../../../../../shared/diagnostics/rules/sip-branch';
import { callFlow, findingsOf, registerFlow } from '../trace-builder';

describe('sip.branch', () => {
  it('flags a Via branch without the z9hG4bK magic cookie, once per branch', () => {
    const specs = registerFlow({ at: 0, branchPrefix: 'abc123' });
    const findings = findingsOf(sipBranchRule, specs);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', observed: 'branch=abc123-a' });
    expect(findings[0]?.title).toBe('Via branch without the z9hG4bK magic cookie (abc123-a) (2 branches)');
    expect(findings[0]?.evidence[0]?.text).toBe('Via: SIP/2.0/UDP 192.0.2.10:5060;branch=abc123-a;rport');
  });

  it('flags a Via without any branch', () => {
    const specs = registerFlow({ at: 0, challenge: false }).map((s) => ({
      ...s,
      text: s.text.replace(/;branch=[^;]+/, ''),
    }));
    expect(findingsOf(sipBranchRule, specs).map((f) => f.title)).toEqual(['Via without a branch parameter']);
  });

  it('passes RFC 3261 branches', () => {
    expect(
      findingsOf(sipBranchRule, [...registerFlow({ at: 0 }), ...callFlow({ at: 3, callId: 'b' })]),
    ).toEqual([]);
  });
});
