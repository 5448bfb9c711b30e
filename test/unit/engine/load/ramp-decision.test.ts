import { describe, expect, it } from 'vitest';
import { decideStep, rampOutcome } from '../../../../electron/engine/load/ramp-decision';

describe('decideStep', () => {
  it('waits until every planned call has an outcome', () => {
    expect(decideStep({ planned: 6, started: 4, answered: 4, failed: 0 })).toBe('pending');
    expect(decideStep({ planned: 6, started: 6, answered: 5, failed: 0 })).toBe('pending');
    expect(decideStep({ planned: 6, started: 6, answered: 6, failed: 0 })).toBe('clean');
  });

  it('fails a step as soon as its failures exceed the threshold of the planned calls', () => {
    expect(decideStep({ planned: 8, started: 3, answered: 2, failed: 1 })).toBe('failing');
    // 1 of 200 is 0.5%: under the default 1%.
    expect(decideStep({ planned: 200, started: 200, answered: 199, failed: 1 })).toBe('clean');
    expect(decideStep({ planned: 200, started: 200, answered: 197, failed: 3 })).toBe('failing');
  });

  it('takes a custom threshold', () => {
    expect(decideStep({ planned: 10, started: 10, answered: 8, failed: 2 }, 0.25)).toBe('clean');
    expect(decideStep({ planned: 10, started: 10, answered: 7, failed: 3 }, 0.25)).toBe('failing');
  });

  it('counts an empty step as clean', () => {
    expect(decideStep({ planned: 0, started: 0, answered: 0, failed: 0 })).toBe('clean');
  });
});

describe('rampOutcome', () => {
  it('reports the last clean and the first failing step in order', () => {
    expect(rampOutcome([1, 2, 3, 4, 5], ['clean', 'clean', 'clean', 'failing', 'pending'])).toEqual({
      lastCleanStep: 3,
      firstFailingStep: 4,
      finished: true,
    });
  });

  it('does not decide past a pending step, even if a later one failed', () => {
    expect(rampOutcome([1, 2, 3], ['clean', 'pending', 'failing'])).toEqual({
      lastCleanStep: 1,
      finished: false,
    });
  });

  it('finishes with no failing step when every step is clean, or fails at the first', () => {
    expect(rampOutcome([1, 2], ['clean', 'clean'])).toEqual({ lastCleanStep: 2, finished: true });
    expect(rampOutcome([1, 2], ['failing'])).toEqual({
      lastCleanStep: undefined,
      firstFailingStep: 1,
      finished: true,
    });
  });
});
