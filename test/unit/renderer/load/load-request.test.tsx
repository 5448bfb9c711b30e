import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { loadRequestSchema, loadSettingsSchema } from '../../../../shared/ipc/schemas/load';
import {
  buildRequest,
  describeSettings,
  formFromSettings,
  profileDefaults,
} from '../../../../renderer/src/load/load-form';
import { findBuiltinProfile } from '../../../../shared/profiles/builtin-profiles';
import { LoadCharts } from '../../../../renderer/src/load/load-charts';

const FORM = {
  to: '15551230000',
  cps: '1.1',
  openCps: '4',
  durationS: '10',
  calls: '',
  channels: '5',
  rampStart: '1',
  rampStep: '1',
  rampStepSeconds: '4',
  rampMax: '6',
  registerEveryS: '30',
  hold: '2-4',
  maxCps: '',
  maxChannels: '',
  inboundServer: '',
  inboundTo: '',
};

describe('Load screen form', () => {
  it('builds a request the contract accepts for every mode', () => {
    for (const mode of ['fixed', 'channels', 'ramp-cps', 'ramp-channels', 'register'] as const) {
      const req = buildRequest('pbx-abc123', mode, FORM, false);
      expect(typeof req, `${mode}: ${String(req)}`).toBe('object');
      expect(loadRequestSchema.safeParse(req).success).toBe(true);
    }
    expect(buildRequest('pbx-abc123', 'fixed', FORM, false)).toMatchObject({
      plan: { mode: 'fixed', cps: 1.1, durationS: 10, holdMinS: 2, holdMaxS: 4 },
    });
    expect(buildRequest('pbx-abc123', 'register', FORM, false)).toMatchObject({
      plan: { registerEveryS: 30, to: '' },
    });
    // A field the mode does not use never reaches the plan.
    expect(buildRequest('pbx-abc123', 'channels', FORM, false)).not.toHaveProperty('plan.registerEveryS');
    const both = buildRequest(
      'pbx-abc123',
      'ramp-cps',
      { ...FORM, inboundServer: ' 127.0.0.5:5060 ', inboundTo: '200' },
      false,
    );
    expect(both).toMatchObject({ inboundServer: '127.0.0.5:5060', inboundTo: '200' });
    expect(loadRequestSchema.safeParse(both).success).toBe(true);
  });

  it('says in one line what is wrong with the form', () => {
    expect(buildRequest('t', 'fixed', { ...FORM, cps: 'fast' }, false)).toBe(
      'CPS: "fast" is not a positive number',
    );
    expect(buildRequest('t', 'fixed', { ...FORM, durationS: '', calls: '' }, false)).toBe(
      'Fixed rate: give a duration or a number of calls',
    );
    expect(buildRequest('t', 'channels', { ...FORM, to: '' }, false)).toBe('Number to call: give one');
    expect(buildRequest('t', 'fixed', { ...FORM, hold: '5-2' }, false)).toBe(
      'Hold: MIN must not be above MAX',
    );
  });

  it('sends the CPS the channel modes open calls at from its own visible field', () => {
    for (const mode of ['channels', 'ramp-channels'] as const)
      expect(buildRequest('t', mode, FORM, false)).toMatchObject({ plan: { mode, cps: 4 } });
    expect(buildRequest('t', 'ramp-channels', { ...FORM, openCps: 'lots' }, false)).toBe(
      'Opened at (CPS): "lots" is not a positive number',
    );
  });

  it('refills the form from a run’s settings and says them in one line', () => {
    for (const mode of ['fixed', 'channels', 'ramp-cps', 'ramp-channels', 'register'] as const) {
      const req = buildRequest('t', mode, { ...FORM, maxCps: '7' }, true);
      if (typeof req === 'string') throw new Error(req);
      const settings = loadSettingsSchema.parse({ plan: req.plan, maxCps: req.maxCps });
      // The refilled form asks for the same run.
      expect(buildRequest('t', mode, formFromSettings(settings), true), mode).toEqual(req);
    }
    const ramp = buildRequest('t', 'ramp-channels', FORM, false);
    if (typeof ramp === 'string') throw new Error(ramp);
    expect(describeSettings(loadSettingsSchema.parse({ plan: ramp.plan }))).toBe(
      'Ramp channels to failure · 1 to 6 by 1, 4 s per step · opened at 4 CPS · hold 2-4 s · to 15551230000',
    );
  });

  it('starts from the profile’s limits, so the first run needs no confirmation', () => {
    expect(profileDefaults(findBuiltinProfile('skyetel'))).toEqual({
      cps: '1',
      openCps: '1',
      channels: '10',
    });
    expect(profileDefaults(findBuiltinProfile('generic'))).toEqual({
      cps: '1',
      openCps: '10',
      channels: '10',
    });
    expect(profileDefaults(undefined)).toEqual({ cps: '1', openCps: '10', channels: '10' });
  });

  it('draws the four charts from the per-second rows', () => {
    const html = renderToStaticMarkup(
      <LoadCharts
        seconds={[
          {
            second: 0,
            attempts: 2,
            answered: 1,
            failed: 1,
            failedByStatus: { '503': 1 },
            concurrent: 1,
            retransmissions: 0,
          },
        ]}
      />,
    );
    for (const id of ['chart-cps', 'chart-concurrent', 'chart-failures', 'chart-latency'])
      expect(html).toContain(`data-testid="${id}"`);
  });
});
