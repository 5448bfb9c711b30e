// What a plan adds up to before it runs: peak CPS, peak channels, total calls, duration. The
// safety check compares these with the caps and the profile; the runner uses the ramp steps.
import { DEFAULT_OPEN_CPS } from '../../../shared/load/load-defaults';
import type { LoadPlan } from './load-types';

export { DEFAULT_OPEN_CPS };

export interface PlanFigures {
  readonly peakCps: number;
  readonly peakChannels: number | undefined;
  readonly totalCalls: number;
  readonly durationS: number;
}

/** Ramp steps from start to max inclusive (at least one step). */
export function rampSteps(start: number, step: number, max: number): number[] {
  const steps: number[] = [];
  for (let i = 0; ; i++) {
    // Rounded to 1e-9 so 0.1 + 0.2 steps do not drift past max.
    const value = Math.round((start + i * step) * 1e9) / 1e9;
    if (value > max + 1e-9 || i > 100_000) break;
    steps.push(value);
  }
  return steps.length > 0 ? steps : [start];
}

/** Calls in one step of a CPS ramp: the schedule starts one every 1/cps s for stepSeconds. */
export function callsInStep(cps: number, stepSeconds: number): number {
  return Math.max(1, Math.round(cps * stepSeconds));
}

/** Returns a one-line problem with the plan's shape, or undefined. */
/** A user part the templates can carry as it is: a number or user name, no spaces, '@' or URI syntax. */
export function isDialable(to: string): boolean {
  return /^[^\s@<>;{}]+$/.test(to);
}

export function planProblem(plan: LoadPlan): string | undefined {
  const positive = (v: number | undefined): boolean => v !== undefined && Number.isFinite(v) && v > 0;
  if (plan.mode !== 'register' && !isDialable(plan.to))
    return 'the number to call: give a number or user, without spaces or @';
  if (!(plan.holdMinS >= 0) || !(plan.holdMaxS >= plan.holdMinS))
    return 'hold: give S or MIN-MAX with MIN <= MAX';
  switch (plan.mode) {
    case 'fixed':
      if (!positive(plan.cps)) return 'fixed rate: give the calls per second';
      if (!positive(plan.durationS) && !positive(plan.calls))
        return 'fixed rate: give a duration or a call count';
      return undefined;
    case 'channels':
      if (!positive(plan.channels) || !Number.isInteger(plan.channels))
        return 'channel hold: give the number of channels';
      return undefined;
    case 'ramp-cps':
    case 'ramp-channels':
      if (!positive(plan.rampStart) || !positive(plan.rampStep) || !positive(plan.rampStepSeconds))
        return 'ramp: start, step and step seconds must be above 0';
      if (!positive(plan.rampMax) || plan.rampMax! < plan.rampStart!)
        return 'ramp: max must be at least start';
      if (
        plan.mode === 'ramp-channels' &&
        (!Number.isInteger(plan.rampStart) || !Number.isInteger(plan.rampStep))
      )
        return 'channel ramp: start and step must be whole numbers';
      return undefined;
    case 'register':
      if (!positive(plan.registerEveryS)) return 'register rate: give the interval in seconds';
      if (!positive(plan.durationS) && !positive(plan.calls))
        return 'register rate: give a duration or a REGISTER count';
      return undefined;
  }
}

export function planFigures(plan: LoadPlan): PlanFigures {
  const hold = plan.holdMaxS;
  const openCps = plan.cps ?? DEFAULT_OPEN_CPS;
  switch (plan.mode) {
    case 'fixed': {
      const cps = plan.cps ?? 0;
      const calls = plan.calls ?? Math.ceil(cps * (plan.durationS ?? 0));
      const startS = plan.calls !== undefined ? calls / cps : (plan.durationS ?? 0);
      const durationS = plan.durationS !== undefined ? Math.min(plan.durationS, startS) : startS;
      return {
        peakCps: cps,
        peakChannels: Math.ceil(cps * Math.max(hold, 0)) || undefined,
        totalCalls: calls,
        durationS: durationS + hold,
      };
    }
    case 'channels': {
      const n = plan.channels ?? 0;
      return {
        peakCps: openCps,
        peakChannels: n,
        totalCalls: n,
        durationS: n / openCps + (plan.durationS ?? hold),
      };
    }
    case 'ramp-cps': {
      const steps = rampSteps(plan.rampStart ?? 1, plan.rampStep ?? 1, plan.rampMax ?? 1);
      const stepS = plan.rampStepSeconds ?? 1;
      return {
        peakCps: steps[steps.length - 1]!,
        peakChannels: undefined,
        totalCalls: steps.reduce((sum, cps) => sum + callsInStep(cps, stepS), 0),
        durationS: steps.length * stepS + hold,
      };
    }
    case 'ramp-channels': {
      const steps = rampSteps(plan.rampStart ?? 1, plan.rampStep ?? 1, plan.rampMax ?? 1);
      const max = steps[steps.length - 1]!;
      return {
        peakCps: openCps,
        peakChannels: max,
        totalCalls: max,
        durationS: steps.length * (plan.rampStepSeconds ?? 1) + max / openCps,
      };
    }
    case 'register': {
      const every = plan.registerEveryS ?? 1;
      const count = plan.calls ?? Math.floor((plan.durationS ?? 0) / every) + 1;
      return {
        peakCps: 1 / every,
        peakChannels: undefined,
        totalCalls: count,
        durationS: (count - 1) * every,
      };
    }
  }
}
