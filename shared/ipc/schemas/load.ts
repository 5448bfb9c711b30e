// Schemas of the Load screen (issue 7). Filled in with the load engine; the contract lists the
// channels now so every shell and the preload know them.
import { z } from 'zod';
import { targetIdSchema } from './targets';

export const loadModeSchema = z.enum(['fixed', 'channels', 'ramp-cps', 'ramp-channels', 'register']);

export const loadRequestSchema = z.strictObject({
  targetId: targetIdSchema,
  mode: loadModeSchema,
  /** The number to call (not used by the register mode). */
  to: z.string().max(40).default(''),
  cps: z.number().positive().max(100000).optional(),
  durationS: z.number().positive().optional(),
  calls: z.int().positive().optional(),
  channels: z.int().positive().optional(),
  /** Ramp: start, step, seconds per step, max. */
  rampStart: z.number().positive().optional(),
  rampStep: z.number().positive().optional(),
  rampStepSeconds: z.number().positive().optional(),
  rampMax: z.number().positive().optional(),
  /** Register mode: refresh interval in seconds. */
  registerEveryS: z.number().positive().optional(),
  /** Hold time: fixed (min = max) or a random range. */
  holdMinS: z.number().min(0).default(0),
  holdMaxS: z.number().min(0).default(0),
  media: z.boolean().default(false),
  /**
   * Also call the PBX side with the same plan, as the provider would (HOST[:PORT]), and the DID to
   * call there: outbound, inbound and total caps in one run.
   */
  inboundServer: z.string().max(260).optional(),
  inboundTo: z.string().max(40).optional(),
  /** Raised hard caps (safety rails); absent = the defaults. */
  maxCps: z.number().positive().optional(),
  maxChannels: z.int().positive().optional(),
  /** The user confirmed a run above the provider profile's limits, or a register-rate run. */
  confirmed: z.boolean().default(false),
});

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

export const loadStatusSchema = z.object({
  runId: z.int().min(1).optional(),
  targetId: targetIdSchema,
  mode: loadModeSchema,
  state: z.enum(['running', 'aborting', 'done', 'failed']),
  /** 0..1, for the progress bar. */
  progress: z.number().min(0).max(1),
  elapsedS: z.number().min(0),
  message: z.string(),
  seconds: z.array(loadSecondSchema),
  /** Caps found, verdict lines against the profile. */
  result: z
    .object({
      lastCleanStep: z.number().optional(),
      firstFailingStep: z.number().optional(),
      statuses: z.record(z.string(), z.int().min(0)),
      warnings: z.array(z.string()),
      retryAfterS: z.number().optional(),
      verdict: z.array(z.string()),
    })
    .optional(),
});

export type LoadRequest = z.output<typeof loadRequestSchema>;
export type LoadStatus = z.output<typeof loadStatusSchema>;
