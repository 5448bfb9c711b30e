import { describe, expect, it } from 'vitest';
import { sipNoByeRule } from '../../../../../shared/diagnostics/rules/sip-no-bye';
import { callFlow, findingsOf, merge, optionsPing } from '../trace-builder';

describe('sip.no-bye', () => {
  it('warns about an answered call without BYE, noting the trace may end early', () => {
    const findings = findingsOf(
      sipNoByeRule,
      merge(callFlow({ at: 0, callId: 'open', noBye: true }), optionsPing(30)),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      title: 'Answered call open has no BYE in the trace (up 28 s when the trace ends)',
    });
    expect(findings[0]?.evidence[0]?.text).toBe('SIP/2.0 200 OK');
    expect(findings[0]?.explanation).toContain('capture simply stopped');
  });

  it('groups several open calls', () => {
    const specs = merge(
      callFlow({ at: 0, callId: 'a', noBye: true }),
      callFlow({ at: 1, callId: 'b', noBye: true }),
    );
    expect(findingsOf(sipNoByeRule, specs)[0]?.title).toBe('2 answered calls have no BYE in the trace');
  });

  it('passes calls ended with BYE and calls never answered', () => {
    expect(findingsOf(sipNoByeRule, callFlow({ at: 0, callId: 'done' }))).toEqual([]);
    expect(
      findingsOf(sipNoByeRule, callFlow({ at: 0, callId: 'busy', finalStatus: [486, 'Busy Here'] })),
    ).toEqual([]);
  });
});
