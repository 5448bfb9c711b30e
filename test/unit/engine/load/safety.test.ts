import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPS, type LoadPlan } from '../../../../electron/engine/load/load-types';
import { checkLoadPlan } from '../../../../electron/engine/load/safety';
import { resolveProfile } from '../../../../shared/profiles/resolve-profile';

const fixed = (cps: number, durationS = 10): LoadPlan => ({
  mode: 'fixed',
  to: '100',
  cps,
  durationS,
  holdMinS: 0,
  holdMaxS: 0,
  media: false,
});
const skyetel = resolveProfile({ name: 'skyetel' });
const generic = resolveProfile({ name: 'generic' });

describe('checkLoadPlan', () => {
  it('accepts a plan within the caps and the profile', () => {
    expect(checkLoadPlan(fixed(1), DEFAULT_CAPS, skyetel, false)).toEqual({ ok: true });
    expect(checkLoadPlan(fixed(150), DEFAULT_CAPS, generic, false)).toEqual({ ok: true });
  });

  it('refuses above a hard cap whatever the confirmation', () => {
    for (const confirmed of [false, true]) {
      const v = checkLoadPlan(fixed(201), DEFAULT_CAPS, generic, confirmed);
      expect(v).toMatchObject({ ok: false, needsConfirmation: false });
      expect(v.ok === false && v.reason).toMatch(
        /201 CPS is above the cap of 200 \(raise it with --max-cps\)/,
      );
    }
    const channels: LoadPlan = { ...fixed(1), mode: 'channels', channels: 501 };
    expect(checkLoadPlan(channels, DEFAULT_CAPS, generic, true)).toMatchObject({
      ok: false,
      needsConfirmation: false,
    });
    expect(checkLoadPlan(fixed(100, 1001), DEFAULT_CAPS, generic, true)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/100100 calls is above the cap of 100000/),
    });
    expect(checkLoadPlan(fixed(1, 4000), DEFAULT_CAPS, generic, true)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/4000 s is above the cap of 3600 s/),
    });
  });

  it('names the setting a channel mode’s CPS comes from, in the words it is given', () => {
    const ramp: LoadPlan = {
      ...fixed(1),
      mode: 'ramp-channels',
      cps: undefined,
      rampStart: 1,
      rampStep: 1,
      rampStepSeconds: 1,
      rampMax: 2,
    };
    const caps = { ...DEFAULT_CAPS, maxCps: 5 };
    const cli = checkLoadPlan(ramp, caps, generic, false);
    expect(cli.ok === false && cli.reason).toBe(
      'refused: 10 CPS (--cps, its default) is above the cap of 5 (raise it with --max-cps)',
    );
    const form = {
      raiseCps: 'raise “Cap CPS”',
      raiseChannels: 'raise “Cap channels”',
      openCps: '“Opened at (CPS)”',
    };
    const app = checkLoadPlan({ ...ramp, cps: 8 }, caps, generic, false, form);
    expect(app.ok === false && app.reason).toBe(
      'refused: 8 CPS (“Opened at (CPS)”) is above the cap of 5 (raise “Cap CPS”)',
    );
  });

  it('lets a raised cap through', () => {
    expect(checkLoadPlan(fixed(3000, 1), { ...DEFAULT_CAPS, maxCps: 5000 }, generic, false)).toEqual({
      ok: true,
    });
  });

  it('asks for confirmation above the profile limits (CPS, channels, the whole ramp)', () => {
    expect(checkLoadPlan(fixed(1.1), DEFAULT_CAPS, skyetel, false)).toMatchObject({
      ok: false,
      needsConfirmation: true,
      reason: expect.stringMatching(/1.1 CPS is above profile skyetel's cps_limit of 1/),
    });
    expect(checkLoadPlan(fixed(1.1), DEFAULT_CAPS, skyetel, true)).toEqual({ ok: true });
    const ramp: LoadPlan = {
      ...fixed(1),
      mode: 'ramp-channels',
      rampStart: 10,
      rampStep: 10,
      rampStepSeconds: 1,
      rampMax: 150,
    };
    expect(checkLoadPlan(ramp, DEFAULT_CAPS, skyetel, false)).toMatchObject({
      needsConfirmation: true,
      reason: expect.stringMatching(/150 channels is above profile skyetel's limit of 100/),
    });
  });

  it('always asks for confirmation of a registration-rate run', () => {
    const reg: LoadPlan = { ...fixed(1), mode: 'register', registerEveryS: 10, calls: 5 };
    expect(checkLoadPlan(reg, DEFAULT_CAPS, generic, false)).toMatchObject({
      ok: false,
      needsConfirmation: true,
      reason: expect.stringMatching(/reg\.429/),
    });
    expect(checkLoadPlan(reg, DEFAULT_CAPS, generic, true)).toEqual({ ok: true });
  });

  it('refuses an incomplete plan without asking', () => {
    expect(checkLoadPlan({ ...fixed(1), durationS: undefined }, DEFAULT_CAPS, generic, true)).toMatchObject({
      ok: false,
      needsConfirmation: false,
      reason: 'fixed rate: give a duration or a call count',
    });
    expect(
      checkLoadPlan(
        { ...fixed(1), mode: 'ramp-cps', rampStart: 5, rampStep: 1, rampStepSeconds: 1, rampMax: 2 },
        DEFAULT_CAPS,
        generic,
        true,
      ),
    ).toMatchObject({ ok: false, reason: 'ramp: max must be at least start' });
  });
});
