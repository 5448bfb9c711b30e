import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/engine/clock';
import { RegistrarState } from '../../../../electron/engine/emulator/registrar-state';

const PBX = { address: '192.0.2.50', port: 5060 };
const input = (over: Partial<Parameters<RegistrarState['register']>[0]> = {}) => ({
  user: '1001',
  contact: 'sip:1001@192.0.2.50:5060',
  source: PBX,
  region: 0,
  expiresS: 300,
  ...over,
});

describe('RegistrarState (Skyetel rules: 100 s minimum interval, 300 s maximum expiry)', () => {
  const rules = { minIntervalS: 100, maxExpiresS: 300 };

  it('caps the expiry at max_expires and lists the binding', () => {
    const reg = new RegistrarState(rules, new ManualClock());
    const d = reg.register(input({ expiresS: 3600 }));
    expect(d).toMatchObject({ kind: 'granted', expiresS: 300, capped: true });
    expect(reg.all()).toHaveLength(1);
  });

  it('answers an expiry under the minimum with 423 and Min-Expires', () => {
    const reg = new RegistrarState(rules, new ManualClock());
    expect(reg.register(input({ expiresS: 60 }))).toEqual({ kind: 'too-brief', minExpiresS: 100 });
  });

  it('answers a refresh sooner than the minimum interval with 429 and the seconds left', () => {
    const clock = new ManualClock();
    const reg = new RegistrarState(rules, clock);
    reg.register(input());
    clock.set(clock.nowMs() + 40_000);
    expect(reg.register(input())).toMatchObject({ kind: 'too-soon', retryAfterS: 60, sinceLastS: 40 });
    clock.set(clock.nowMs() + 60_000);
    expect(reg.register(input())).toMatchObject({ kind: 'granted', sinceLastS: 100 });
  });

  it('counts the interval per PBX address, and lets a de-registration through at any time', () => {
    const clock = new ManualClock();
    const reg = new RegistrarState(rules, clock);
    reg.register(input());
    clock.set(clock.nowMs() + 1000);
    expect(
      reg.register(
        input({ source: { address: '198.51.100.9', port: 5060 }, contact: 'sip:1001@198.51.100.9' }),
      ).kind,
    ).toBe('granted');
    expect(reg.all()).toHaveLength(2);
    expect(reg.register(input({ expiresS: 0 }))).toMatchObject({ kind: 'removed' });
    expect(reg.all()).toHaveLength(1);
  });

  it('forgets a binding when it expires', () => {
    const clock = new ManualClock();
    const reg = new RegistrarState(rules, clock);
    reg.register(input());
    clock.set(clock.nowMs() + 300_001);
    expect(reg.all()).toEqual([]);
  });
});
