import { describe, expect, it } from 'vitest';
import { refuseCallFromPbx, refuseRegister } from '../../../../electron/engine/emulator/trunk-policy';
import { findBuiltinProfile } from '../../../../shared/profiles/builtin-profiles';
import { providerProfileSchema } from '../../../../shared/profiles/profile-schema';

const skyswitch = findBuiltinProfile('skyswitch')!;
const skyetel = findBuiltinProfile('skyetel')!;

describe('trunk policy', () => {
  it('an IP-authenticated trunk answers REGISTER with 405 and Allow; a registration trunk lets it through', () => {
    expect(refuseRegister(skyswitch)).toMatchObject({
      status: 405,
      headers: expect.arrayContaining([['Allow', expect.stringContaining('INVITE')]]),
    });
    expect(refuseRegister(skyetel)).toBeUndefined();
  });

  it('refuses a From host other than the trunk name with 403 and says which', () => {
    const r = refuseCallFromPbx(skyswitch, { fromHost: 'pbx.example', source: '198.51.100.4' });
    expect(r?.status).toBe(403);
    expect(r?.headers[0]?.[1]).toBe(
      '399 emulator "From host pbx.example is not the trunk name trunking-customer.15611.service"',
    );
    expect(
      refuseCallFromPbx(skyswitch, { fromHost: 'Trunking-Customer.15611.service', source: '198.51.100.4' }),
    ).toBeUndefined();
  });

  it('refuses a source other than pbx_ip, and any call from the PBX on an inbound-only trunk', () => {
    const fixed = providerProfileSchema.parse({ ...skyswitch, pbx_ip: '198.51.100.4' });
    expect(refuseCallFromPbx(fixed, { fromHost: fixed.trunk_name, source: '203.0.113.9' })?.detail).toContain(
      'trunk.source-ip',
    );
    expect(refuseCallFromPbx(fixed, { fromHost: fixed.trunk_name, source: '198.51.100.4' })).toBeUndefined();
    const inboundOnly = providerProfileSchema.parse({ ...skyetel, direction: 'inbound' });
    expect(refuseCallFromPbx(inboundOnly, { fromHost: 'x', source: '198.51.100.4' })?.status).toBe(403);
  });
});
