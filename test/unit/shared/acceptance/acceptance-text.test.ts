// The verdict in words, as the Acceptance screen and the report both show it: what heads the page
// for a ready, a not-ready and an incomplete run.
import { describe, expect, it } from 'vitest';
import { acceptanceVerdict, stepTime } from '../../../../shared/acceptance/acceptance-text';
import type { AcceptanceRun, AcceptanceStep } from '../../../../shared/ipc/schemas/acceptance';

function step(id: string, status: AcceptanceStep['status'], reason?: string): AcceptanceStep {
  return {
    id,
    kind: 'call-out',
    title: id,
    status,
    ...(reason ? { reason } : {}),
    rules: [],
    figures: [],
    evidence: [],
    dependsOn: [],
  };
}

function run(steps: AcceptanceStep[], over: Partial<AcceptanceRun>): AcceptanceRun {
  return {
    runId: 1,
    state: 'done',
    target: 't',
    profile: 'generic',
    startedAtMs: 0,
    timeLimitS: 300,
    steps,
    providerNumbers: [],
    findingCounts: { error: 0, warning: 0, info: 0 },
    ...over,
  };
}

describe('the acceptance verdict in words', () => {
  it('ready says so and lists nothing', () => {
    const v = acceptanceVerdict(run([step('call-out', 'pass')], { verdict: 'ready' }));
    expect(v).toEqual({ tone: 'ok', headline: 'Ready for cut-over', steps: [] });
  });

  it('not ready lists the failing steps only', () => {
    const v = acceptanceVerdict(
      run([step('call-out', 'fail', 'refused'), step('call-in', 'skipped', 'the outbound call failed')], {
        verdict: 'not-ready',
      }),
    );
    expect(v.headline).toBe('Not ready for cut-over: 1 step failed');
    expect(v.steps.map((s) => s.id)).toEqual(['call-out']);
  });

  it('incomplete names what was not tested, not what nobody asked for', () => {
    const v = acceptanceVerdict(
      run(
        [
          step('call-out', 'pass'),
          step('call-in', 'skipped', 'no DID given (--did): the inbound path is not tested'),
          step('caps', 'skipped', 'not asked for (--caps)'),
        ],
        { verdict: 'incomplete' },
      ),
    );
    expect(v.tone).toBe('run');
    expect(v.headline).toBe('Incomplete: finished, 2 steps skipped');
    expect(v.steps.map((s) => s.id)).toEqual(['call-in']);
  });

  it('an aborted run says it was aborted, with the steps it never reached', () => {
    const v = acceptanceVerdict(
      run([step('dns', 'pass'), step('call-out', 'skipped', 'the run was aborted')], {
        state: 'aborted',
        verdict: 'incomplete',
      }),
    );
    expect(v.headline).toBe('Incomplete: aborted before the end, 1 step skipped');
    expect(v.steps.map((s) => s.id)).toEqual(['call-out']);
  });

  it("a step's time is its UTC clock and how long it took", () => {
    const s = {
      ...step('dns', 'pass'),
      startedAtMs: Date.UTC(2026, 0, 1, 9, 5, 7),
      endedAtMs: Date.UTC(2026, 0, 1, 9, 5, 9, 400),
    };
    expect(stepTime(s)).toBe('09:05:07 UTC, 2.4 s');
    expect(stepTime(step('x', 'pending'))).toBe('—');
  });
});
