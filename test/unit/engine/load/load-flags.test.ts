import { describe, expect, it } from 'vitest';
import { capsFromFlags, parseHold, planFromFlags } from '../../../../electron/cli/commands/load';
import { holdMsFor } from '../../../../electron/engine/load/hold-time';
import { planFigures, rampSteps } from '../../../../electron/engine/load/plan-figures';

const server = '127.0.0.1:5060';

describe('sipkit load flags', () => {
  it('reads each mode', () => {
    expect(planFromFlags({ server, to: '100', cps: '0.9', calls: '5' })).toMatchObject({
      mode: 'fixed',
      cps: 0.9,
      calls: 5,
    });
    expect(planFromFlags({ server, to: '100', channels: '20', cps: '5' })).toMatchObject({
      mode: 'channels',
      channels: 20,
      cps: 5,
    });
    expect(planFromFlags({ server, to: '100', ramp: 'cps', start: '2', step: '2', max: '10' })).toMatchObject(
      {
        mode: 'ramp-cps',
        rampStart: 2,
        rampStep: 2,
        rampStepSeconds: 5,
        rampMax: 10,
      },
    );
    expect(planFromFlags({ server, to: '100', ramp: 'channels' })).toMatchObject({
      mode: 'ramp-channels',
      rampMax: 100,
    });
    expect(planFromFlags({ server, registerEvery: '30', duration: '600' })).toMatchObject({
      mode: 'register',
      registerEveryS: 30,
    });
  });

  it('refuses no mode, two modes, a bad ramp and a bad number', () => {
    expect(() => planFromFlags({ server, to: '1' })).toThrow(/choose a mode/);
    expect(() => planFromFlags({ server, to: '1', channels: '2', registerEvery: '3' })).toThrow(
      /choose one mode, not register and channels/,
    );
    expect(() => planFromFlags({ server, to: '1', ramp: 'calls' })).toThrow(
      /--ramp calls: use cps or channels/,
    );
    expect(() => planFromFlags({ server, to: '1', cps: '0', calls: '1' })).toThrow(
      /--cps 0: expected a number above 0/,
    );
    expect(() => planFromFlags({ server, to: '1', ramp: 'channels', start: '1.5' })).toThrow(/whole number/);
    expect(() => planFromFlags({ server, cps: '1', calls: '1' })).toThrow(/--to NUMBER/);
  });

  it('reads --hold as S or MIN-MAX', () => {
    expect(parseHold('5')).toEqual({ holdMinS: 5, holdMaxS: 5 });
    expect(parseHold('2-8')).toEqual({ holdMinS: 2, holdMaxS: 8 });
    expect(parseHold(undefined)).toEqual({ holdMinS: 0, holdMaxS: 0 });
    expect(() => parseHold('8-2')).toThrow(/MIN must not be above MAX/);
    expect(() => parseHold('x')).toThrow(/--hold x/);
  });

  it('raises the caps only when asked', () => {
    expect(capsFromFlags({ server })).toMatchObject({ maxCps: 200, maxChannels: 500 });
    expect(capsFromFlags({ server, maxCps: '5000', maxChannels: '20000' })).toMatchObject({
      maxCps: 5000,
      maxChannels: 20000,
    });
  });
});

describe('plan arithmetic', () => {
  it('lists ramp steps without floating-point drift', () => {
    expect(rampSteps(1, 1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(rampSteps(0.1, 0.2, 0.9)).toEqual([0.1, 0.3, 0.5, 0.7, 0.9]);
    expect(rampSteps(10, 20, 45)).toEqual([10, 30]);
  });

  it('adds up a plan', () => {
    const ramp = planFigures({
      mode: 'ramp-cps',
      to: '1',
      rampStart: 1,
      rampStep: 1,
      rampStepSeconds: 2,
      rampMax: 3,
      holdMinS: 0,
      holdMaxS: 0,
      media: false,
    });
    expect(ramp).toEqual({ peakCps: 3, peakChannels: undefined, totalCalls: 12, durationS: 6 });
  });

  it('draws hold times in the range', () => {
    expect(holdMsFor(3, 3)).toBe(3000);
    expect(holdMsFor(2, 4, () => 0.5)).toBe(3000);
    expect(holdMsFor(2, 4, () => 0)).toBe(2000);
  });
});
