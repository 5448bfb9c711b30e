import { describe, expect, it } from 'vitest';
import type { AcceptanceRun, AcceptanceStep } from '../../../../shared/ipc/schemas/acceptance';
import { resolveProfile } from '../../../../shared/profiles/resolve-profile';
import { AcceptanceBoard } from '../../../../electron/usecases/acceptance/acceptance-board';
import { capsPlans, rampOf } from '../../../../electron/usecases/acceptance/acceptance-caps';
import { NOT_ASKED } from '../../../../shared/acceptance/acceptance-text';
import {
  initialSteps,
  regionSteps,
  verdictOf,
} from '../../../../electron/usecases/acceptance/acceptance-checklist';

function ended(
  steps: AcceptanceStep[],
  status: Record<string, AcceptanceStep['status']>,
  reasons: Record<string, string> = {},
): AcceptanceStep[] {
  return steps.map((s) => ({ ...s, status: status[s.id] ?? 'pass', reason: reasons[s.id] }));
}

describe('the acceptance checklist', () => {
  const steps = [
    ...initialSteps({ regions: 0, registers: true, did: '+15557654321', caps: false }),
    ...regionSteps({ regions: 2, registers: true, caps: false }),
  ];

  it('has one OPTIONS and one registration row per region, the calls and the findings', () => {
    expect(steps.map((s) => s.id).sort()).toEqual(
      [
        'call-in',
        'call-out',
        'caps',
        'dns',
        'findings',
        'options:1',
        'options:2',
        'register:1',
        'register:2',
      ].sort(),
    );
  });

  it('is ready only when nothing failed and only what was not asked for was skipped', () => {
    expect(verdictOf(ended(steps, { caps: 'skipped' }, { caps: `${NOT_ASKED} (--caps)` }), true)).toBe(
      'ready',
    );
    expect(verdictOf(ended(steps, { 'call-in': 'fail' }), true)).toBe('not-ready');
    // No DID given: the inbound path is untested, so the trunk is not proven ready.
    expect(
      verdictOf(ended(steps, { 'call-in': 'skipped' }, { 'call-in': 'no DID given (--did)' }), true),
    ).toBe('incomplete');
    expect(verdictOf(ended(steps, { findings: 'running' }), true)).toBe('incomplete');
    expect(verdictOf(ended(steps, {}), false)).toBe('incomplete');
  });
});

describe('the acceptance board', () => {
  function board(updates: AcceptanceRun[] = []): AcceptanceBoard {
    const run: AcceptanceRun = {
      runId: 7,
      state: 'running',
      target: 't',
      profile: 'skyetel',
      startedAtMs: 0,
      timeLimitS: 60,
      steps: [
        ...initialSteps({ regions: 0, registers: true, caps: false }),
        ...regionSteps({ regions: 1, registers: true, caps: false }),
      ],
      providerNumbers: [],
      findingCounts: { error: 0, warning: 0, info: 0 },
    };
    const b = new AcceptanceBoard(
      run,
      (r) => updates.push(r),
      () => 1000,
    );
    b.dependOn('call-out', ['register:1']);
    b.end('dns', 'pass');
    return b;
  }

  it('skips a step whose dependency failed, with the reason, and tells every change with the whole run', () => {
    const updates: AcceptanceRun[] = [];
    const b = board(updates);
    b.start('register:1');
    b.end('register:1', 'fail', { reason: 'registration refused: 403' });
    expect(b.mayRun('call-out')).toBe(false);
    expect(b.stepOf('call-out')).toMatchObject({
      status: 'skipped',
      reason: 'registration to region 1 failed',
    });
    expect(updates.at(-1)!.steps.find((s) => s.id === 'call-out')!.status).toBe('skipped');
    expect(updates).toHaveLength(4);
  });

  it('lets the calls run after a registration that was granted but broke a rule', () => {
    const b = board();
    b.end('register:1', 'fail', { rules: ['reg.interval'] }, true);
    expect(b.mayRun('call-out')).toBe(true);
  });

  it('never ends a step twice: a late result after the time limit does not replace the skip', () => {
    const b = board();
    b.start('options:1');
    b.skipOpen('the time limit of 10 s was reached', ['findings']);
    b.end('options:1', 'pass');
    expect(b.stepOf('options:1')).toMatchObject({
      status: 'skipped',
      reason: 'the time limit of 10 s was reached',
    });
    expect(b.stepOf('findings')!.status).toBe('pending');
  });
});

describe('the caps ramps', () => {
  it('go in four steps to the profile\u2019s number and one above it', () => {
    expect(rampOf(2, 4)).toEqual({ start: 1, step: 1, max: 3 });
    expect(rampOf(100, 4)).toEqual({ start: 25, step: 25, max: 125 });
    expect(rampOf(undefined, 4)).toEqual({ start: 1, step: 1, max: 5 });
  });

  it('open the channels under the CPS cap, so a refusal is the channel cap', () => {
    const p = capsPlans(
      resolveProfile({ name: 'skyetel', set: ['cps_limit=2', 'channel_limit=3'] }),
      '+15551230000',
    );
    expect(p.cps).toMatchObject({ mode: 'ramp-cps', rampStart: 1, rampMax: 3 });
    expect(p.channels).toMatchObject({ mode: 'ramp-channels', rampMax: 4 });
    expect(p.channels.cps).toBeLessThan(2);
  });
});
