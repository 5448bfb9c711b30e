import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/engine/clock';
import { CallCaps } from '../../../../electron/engine/emulator/call-caps';
import { findBuiltinProfile } from '../../../../shared/profiles/builtin-profiles';
import { providerProfileSchema } from '../../../../shared/profiles/profile-schema';

describe('CallCaps', () => {
  it('holds Skyetel to 1 call per second per region and 2 per credential', () => {
    const clock = new ManualClock();
    const caps = new CallCaps(findBuiltinProfile('skyetel')!, clock);
    expect(caps.admit({ region: 0, credential: 'u', direction: 'from-pbx' }).admitted).toBe(true);
    const second = caps.admit({ region: 0, credential: 'u', direction: 'from-pbx' });
    expect(second).toMatchObject({ admitted: false, status: 503, retryAfterS: 1 });
    expect(second.admitted ? '' : second.warning).toContain(
      'CPS limit exceeded: 1 calls per second in region 1',
    );
    // The other region has its own second; the credential's 2 CPS is now used up.
    expect(caps.admit({ region: 1, credential: 'u', direction: 'from-pbx' }).admitted).toBe(true);
    clock.set(clock.nowMs() + 500);
    expect(caps.admit({ region: 1, credential: 'u', direction: 'from-pbx' }).admitted).toBe(false);
    // A call paced exactly at the cap passes.
    clock.set(clock.nowMs() + 500);
    expect(caps.admit({ region: 0, credential: 'u', direction: 'from-pbx' }).admitted).toBe(true);
  });

  it('refuses a call over the outbound channel limit until one ends', () => {
    const clock = new ManualClock();
    const profile = providerProfileSchema.parse({
      name: 't',
      trunk_name: 'trunk.example',
      outbound_limit: 2,
    });
    const caps = new CallCaps(profile, clock);
    const a = caps.admit({ region: 0, direction: 'from-pbx' });
    const b = caps.admit({ region: 0, direction: 'from-pbx' });
    const c = caps.admit({ region: 0, direction: 'from-pbx' });
    expect([a.admitted, b.admitted, c.admitted]).toEqual([true, true, false]);
    expect(c.admitted ? '' : c.warning).toContain('channel limit reached: 2 outbound calls');
    expect(caps.inUse).toBe(2);
    if (a.admitted) a.release();
    expect(caps.admit({ region: 0, direction: 'from-pbx' }).admitted).toBe(true);
  });

  it('refuses every call when a cap is 0 (an inbound-only trunk)', () => {
    const profile = providerProfileSchema.parse({ name: 't', outbound_limit: 0 });
    expect(
      new CallCaps(profile, new ManualClock()).admit({ region: 0, direction: 'from-pbx' }).admitted,
    ).toBe(false);
  });
});
