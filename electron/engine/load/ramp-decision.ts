// When a ramp step counts as clean or failing. A step is decided once every call it started has
// an outcome (answered, or failed with a status or a timeout); until then it is pending.

export interface StepCounts {
  /** Calls the step is to start. */
  readonly planned: number;
  readonly started: number;
  readonly answered: number;
  readonly failed: number;
}

export type StepDecision = 'pending' | 'clean' | 'failing';

/** Default share of failed calls that makes a step failing (1%). */
export const DEFAULT_FAILURE_THRESHOLD = 0.01;

export function decideStep(c: StepCounts, threshold = DEFAULT_FAILURE_THRESHOLD): StepDecision {
  // A failure share already above the threshold for the whole step cannot come back down.
  if (c.planned > 0 && c.failed / c.planned > threshold) return 'failing';
  if (c.started < c.planned || c.answered + c.failed < c.started) return 'pending';
  if (c.started === 0) return 'clean';
  return c.failed / c.started > threshold ? 'failing' : 'clean';
}

export interface RampOutcome {
  readonly lastCleanStep?: number;
  readonly firstFailingStep?: number;
  /** True when a decision is final (a failing step, or every step clean). */
  readonly finished: boolean;
}

/** Walks the steps in order: the first failing step ends the ramp; a pending one waits. */
export function rampOutcome(steps: readonly number[], decisions: readonly StepDecision[]): RampOutcome {
  let lastClean: number | undefined;
  for (let i = 0; i < steps.length; i++) {
    const d = decisions[i] ?? 'pending';
    if (d === 'pending') return { lastCleanStep: lastClean, finished: false };
    if (d === 'failing') return { lastCleanStep: lastClean, firstFailingStep: steps[i], finished: true };
    lastClean = steps[i];
  }
  return { lastCleanStep: lastClean, finished: true };
}
