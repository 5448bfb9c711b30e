import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { loadRequestSchema } from '../../../../shared/ipc/schemas/load';
import { buildRequest } from '../../../../renderer/src/load/load-screen';
import { LoadCharts } from '../../../../renderer/src/load/load-charts';

const FORM = {
  to: '15551230000',
  cps: '1.1',
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
