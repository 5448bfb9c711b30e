import { describe, expect, it } from 'vitest';
import { regChannelsRule } from '../../../../../shared/diagnostics/rules/reg-channels';
import { callFlow, findingsOf, merge, profile, REGISTRAR, REGISTRAR_B, registerFlow } from '../trace-builder';

const registered = merge(registerFlow({ at: 0 }), registerFlow({ at: 0.5, registrar: REGISTRAR_B }));
const calls = (n: number, target: string, start = 10, prefix = 'c') =>
  Array.from({ length: n }, (_, i) =>
    callFlow({ at: start + i * 2, callId: `${prefix}${i}`, callee: target, holdFor: 30 }),
  );

describe('reg.channels', () => {
  it('flags concurrent outbound calls to one region above channel_limit', () => {
    const specs = merge(registered, ...calls(3, REGISTRAR));
    const findings = findingsOf(regChannelsRule, specs, profile('skyetel', ['channel_limit=2']));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['error', '3 concurrent outbound calls for region 198.51.100.1:5060, above the limit of 2'],
    ]);
    expect(findings[0]?.evidence).toHaveLength(3);
  });

  it('flags the per-credential limit across regions', () => {
    const specs = merge(registered, ...calls(2, REGISTRAR), ...calls(2, REGISTRAR_B, 11, 'd'));
    const findings = findingsOf(
      regChannelsRule,
      specs,
      profile('skyetel', ['channel_limit=2', 'channel_limit_per_credential=3']),
    );
    expect(findings.map((f) => f.title)).toEqual([
      '4 concurrent outbound calls for credential 1001, above the limit of 3',
    ]);
  });

  it('passes calls within the limits, inbound calls, and profiles without limits', () => {
    const specs = merge(registered, ...calls(2, REGISTRAR));
    expect(findingsOf(regChannelsRule, specs, profile('skyetel', ['channel_limit=2']))).toEqual([]);
    const inbound = merge(
      registered,
      ...Array.from({ length: 3 }, (_, i) =>
        callFlow({ at: 10 + i, callId: `in${i}`, caller: REGISTRAR, callee: '192.0.2.10:5060', holdFor: 30 }),
      ),
    );
    expect(findingsOf(regChannelsRule, inbound, profile('skyetel', ['channel_limit=2']))).toEqual([]);
    expect(
      findingsOf(regChannelsRule, merge(registered, ...calls(3, REGISTRAR)), profile('generic')),
    ).toEqual([]);
  });
});
