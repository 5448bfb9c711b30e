import { describe, expect, it } from 'vitest';
import { regInboundRrRule } from '../../../../../shared/diagnostics/rules/reg-inbound-rr';
import {
  callFlow,
  findingsOf,
  merge,
  PBX,
  profile,
  REGISTRAR,
  REGISTRAR_B,
  registerFlow,
} from '../trace-builder';

const both = merge(
  registerFlow({ at: 0, registrarHost: 'nw1.reg.skyetel.com' }),
  registerFlow({ at: 0.5, registrar: REGISTRAR_B, registrarHost: 'se1.reg.skyetel.com' }),
);
const inbound = (at: number, from: string, id: string) =>
  callFlow({ at, callId: id, caller: from, callee: PBX });

describe('reg.inbound-rr', () => {
  it('notes when every inbound call came through one of two registered regions', () => {
    const findings = findingsOf(
      regInboundRrRule,
      merge(both, inbound(10, REGISTRAR, 'a'), inbound(30, REGISTRAR, 'b')),
      profile('skyetel'),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'info',
      title: 'All 2 inbound calls came through one region although 2 are registered',
      observed: 'nw1.reg.skyetel.com (198.51.100.1:5060): 2, se1.reg.skyetel.com (198.51.100.2:5060): 0',
    });
  });

  it('reports the spread when both regions deliver', () => {
    const findings = findingsOf(
      regInboundRrRule,
      merge(both, inbound(10, REGISTRAR, 'a'), inbound(30, REGISTRAR_B, 'b')),
      profile('skyetel'),
    );
    expect(findings[0]?.title).toBe(
      'Inbound calls by region: nw1.reg.skyetel.com (198.51.100.1:5060): 1, se1.reg.skyetel.com (198.51.100.2:5060): 1',
    );
    expect(findings[0]?.fix).toBe('Nothing to fix.');
  });

  it('says nothing with one registration or no inbound calls', () => {
    expect(
      findingsOf(
        regInboundRrRule,
        merge(registerFlow({ at: 0 }), inbound(10, REGISTRAR, 'a')),
        profile('skyetel'),
      ),
    ).toEqual([]);
    expect(findingsOf(regInboundRrRule, both, profile('skyetel'))).toEqual([]);
  });
});
