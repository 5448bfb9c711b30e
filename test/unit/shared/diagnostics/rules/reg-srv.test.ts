import { describe, expect, it } from 'vitest';
import { regSrvRule } from '../../../../../shared/diagnostics/rules/reg-srv';
import { findingsOf, merge, profile, registerFlow, REGISTRAR, REGISTRAR_B } from '../trace-builder';

describe('reg.srv', () => {
  it('flags a PBX registered to one region only', () => {
    const specs = registerFlow({ at: 0, registrarHost: 'nw1.reg.skyetel.com' });
    const findings = findingsOf(regSrvRule, specs, profile('skyetel'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      title: '1001 is registered to one region only (nw1.reg.skyetel.com)',
      expected: 'registrations to every region: nw1.reg.skyetel.com and se1.reg.skyetel.com',
    });
    expect(findings[0]?.fix).toContain('se1.reg.skyetel.com');
    expect(findings[0]?.fix).not.toContain('nw1.reg.skyetel.com or');
  });

  it('says the SRV name resolved to one target when the PBX registered to the SRV name', () => {
    const findings = findingsOf(
      regSrvRule,
      registerFlow({ at: 0, registrarHost: 'reg.skyetel.com' }),
      profile('skyetel'),
    );
    expect(findings[0]?.fix).toContain('registers only to its first target');
  });

  it('passes registrations to both regions (by address, whatever the name), and single-registrar profiles', () => {
    const both = merge(
      registerFlow({ at: 0, registrarHost: 'reg.skyetel.com', registrar: REGISTRAR }),
      registerFlow({ at: 1, registrarHost: 'reg.skyetel.com', registrar: REGISTRAR_B }),
    );
    expect(findingsOf(regSrvRule, both, profile('skyetel'))).toEqual([]);
    expect(findingsOf(regSrvRule, registerFlow({ at: 0 }), profile('generic'))).toEqual([]);
  });

  it('treats alias names of one region as one region when addresses are unknown', () => {
    const noAddresses = (host: string, at: number) =>
      registerFlow({ at, registrarHost: host }).map((s) => ({ at: s.at, text: s.text }));
    const aliases = merge(noAddresses('nw1.reg.skyetel.com', 0), noAddresses('nw1.reg.authengine.io', 1));
    expect(findingsOf(regSrvRule, aliases, profile('skyetel'))).toHaveLength(1);
    const regions = merge(noAddresses('nw1.reg.skyetel.com', 0), noAddresses('se1.reg.authengine.io', 1));
    expect(findingsOf(regSrvRule, regions, profile('skyetel'))).toEqual([]);
  });
});
