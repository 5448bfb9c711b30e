// Schemas of the Load screen (issue 7): the request wraps the shared load plan with the target,
// the inbound side and the safety switches; the status carries the shared per-second rows and result.
import { z } from 'zod';
import { loadModeSchema, loadPlanSchema, loadResultSchema, loadSecondSchema } from '../../load/load-model';
import { targetIdSchema } from './targets';

export const loadRequestSchema = z.strictObject({
  targetId: targetIdSchema,
  plan: loadPlanSchema,
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

/** What a run was asked to do, so its result is read beside its settings (and the form restored). */
export const loadSettingsSchema = z.object({
  plan: loadPlanSchema,
  maxCps: z.number().positive().optional(),
  maxChannels: z.int().positive().optional(),
  inboundServer: z.string().max(260).optional(),
  inboundTo: z.string().max(40).optional(),
});

export const loadStatusSchema = z.object({
  runId: z.int().min(1).optional(),
  targetId: targetIdSchema,
  mode: loadModeSchema,
  state: z.enum(['running', 'aborting', 'done', 'failed']),
  /** The user aborted it: done, with the figures up to then. */
  aborted: z.boolean().optional(),
  settings: loadSettingsSchema.optional(),
  /** 0..1, for the progress bar. */
  progress: z.number().min(0).max(1),
  elapsedS: z.number().min(0),
  message: z.string(),
  seconds: z.array(loadSecondSchema),
  result: loadResultSchema.optional(),
});

/** What the Load screen sends: the plan before defaults are applied (zod fills them in main). */
export type LoadRequestInput = z.input<typeof loadRequestSchema>;
export type LoadRequest = z.output<typeof loadRequestSchema>;
export type LoadStatus = z.output<typeof loadStatusSchema>;
export type LoadSettings = z.output<typeof loadSettingsSchema>;
