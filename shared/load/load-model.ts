// The load test's model, defined once (issue 7, issue 15): the modes, what a run is asked to do
// (the plan), what it reports each second and at the end. The CLI builds a plan from its flags,
// the Load screen from its form, the IPC request wraps the plan with the target and the safety
// switches, and the load engine runs it: all three share these schemas and types.
import { z } from 'zod';

export const loadModeSchema = z.enum(['fixed', 'channels', 'ramp-cps', 'ramp-channels', 'register']);
export type LoadMode = z.output<typeof loadModeSchema>;

const positive = z.number().positive();

export const loadPlanSchema = z.strictObject({
  mode: loadModeSchema,
  /** The number (or user) to call; unused by the register mode. */
  to: z.string().max(40).default(''),
  /** fixed: calls per second. channels / ramp-channels: the rate calls are opened at. */
  cps: positive.max(100000).optional(),
  /** fixed: how long to start calls for. channels: how long to hold once all are up. register: how long to run. */
  durationS: positive.optional(),
  /** fixed: how many calls (instead of, or as well as, durationS). register: how many REGISTERs. */
  calls: z.int().positive().optional(),
  /** channels: how many concurrent calls to open. */
  channels: z.int().positive().optional(),
  /** Ramp: start, step, seconds per step, max (CPS, or channels for ramp-channels). */
  rampStart: positive.optional(),
  rampStep: positive.optional(),
  rampStepSeconds: positive.optional(),
  rampMax: positive.optional(),
  /** register: seconds between REGISTERs. */
  registerEveryS: positive.optional(),
  /** Hold time of an answered call: fixed (min = max) or uniformly random in [min, max]. */
  holdMinS: z.number().min(0).default(0),
  holdMaxS: z.number().min(0).default(0),
  /** Send a little RTP (PCMU silence, the first second of each answered call). */
  media: z.boolean().default(false),
  /** ramp: share of failed calls in a step that counts as failing, default 0.01. */
  failureThreshold: z.number().min(0).max(1).optional(),
});
export type LoadPlan = Readonly<z.output<typeof loadPlanSchema>>;

export const loadSecondSchema = z.object({
  second: z.int().min(0),
  attempts: z.int().min(0),
  answered: z.int().min(0),
  failed: z.int().min(0),
  failedByStatus: z.record(z.string(), z.int().min(0)),
  concurrent: z.int().min(0),
  retransmissions: z.int().min(0),
  latencyP50Ms: z.number().optional(),
  latencyP95Ms: z.number().optional(),
  latencyP99Ms: z.number().optional(),
  /** The CPS (or channel) step the ramp was on, if ramping. */
  step: z.number().optional(),
});
export type LoadSecond = z.output<typeof loadSecondSchema>;

/** Caps found, verdict lines against the profile. */
export const loadResultSchema = z.object({
  lastCleanStep: z.number().optional(),
  firstFailingStep: z.number().optional(),
  statuses: z.record(z.string(), z.int().min(0)),
  warnings: z.array(z.string()),
  retryAfterS: z.number().optional(),
  verdict: z.array(z.string()),
});
export type LoadResult = z.output<typeof loadResultSchema>;

export interface LoadCaps {
  readonly maxCps: number;
  readonly maxChannels: number;
  readonly maxCalls: number;
  readonly maxDurationS: number;
}

/** Hard caps a user must raise deliberately (--max-cps, --max-channels, the form's cap fields). */
export const DEFAULT_CAPS: LoadCaps = Object.freeze({
  maxCps: 200,
  maxChannels: 500,
  maxCalls: 100_000,
  maxDurationS: 3600,
});
export { DEFAULT_OPEN_CPS } from './load-defaults';

/** A plan before zod applies its defaults (what a form or a flag parser builds). */
export type LoadPlanInput = z.input<typeof loadPlanSchema>;
