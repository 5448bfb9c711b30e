// The acceptance test (issue 20): one run through the checklist a provider profile implies, each
// step with pass / fail / skipped and the evidence behind it. One shape for the CLI's --json lines,
// the Acceptance screen (over IPC) and the checklist report, so the three never disagree.
import { z } from 'zod';

const count = z.int().min(0);

/** What a step is; a step that depends on another is skipped, with the reason, when that one fails. */
export const acceptanceStepKindSchema = z.enum([
  'dns', // every region's name resolves (SRV/A)
  'options', // each registrar answers OPTIONS (round trip per region)
  'register', // registration to one region: granted Expires, refresh interval, other devices, NAT
  'call-out', // an outbound call: answered, two-way audio, DTMF both ways, post-dial delay, caller ID
  'call-in', // a DID call placed out through the trunk and received back on our registration
  'caps', // a short confirmed ramp that finds the channel and CPS caps
  'findings', // every finding of the run's traffic, by severity
]);
export type AcceptanceStepKind = z.infer<typeof acceptanceStepKindSchema>;

export const acceptanceStepStatusSchema = z.enum(['pending', 'running', 'pass', 'fail', 'skipped']);
export type AcceptanceStepStatus = z.infer<typeof acceptanceStepStatusSchema>;

/** One measured value, and what the provider expects of it when it has a rule. */
export const acceptanceFigureSchema = z.object({
  label: z.string(), // "Granted Expires"
  value: z.string(), // "600 s"
  expected: z.string().optional(), // "60–3600 s (skyetel)"
  ok: z.boolean().optional(),
});
export type AcceptanceFigure = z.infer<typeof acceptanceFigureSchema>;

/** A piece of evidence: a stored message (by id) or a call (by Call-ID) of the run, or a plain line. */
export const acceptanceEvidenceSchema = z.object({
  text: z.string(),
  messageId: z.int().min(1).optional(),
  callId: z.string().optional(),
});

export const acceptanceStepSchema = z.object({
  /** Unique in the run: 'dns', 'options:1', 'register:2', 'call-out', 'call-in', 'caps', 'findings'. */
  id: z.string(),
  kind: acceptanceStepKindSchema,
  /** For per-region steps: region number from 1. */
  region: z.int().min(1).optional(),
  title: z.string(), // "Registration to region 1 (192.0.2.10:5060)"
  status: acceptanceStepStatusSchema,
  /** Why it failed or was skipped, one sentence ("no --did given", "registration refused: 403"). */
  reason: z.string().optional(),
  /** The fix, in a technician's words, when it failed. */
  fix: z.string().optional(),
  /** Rule ids of the findings that failed it (docs/provider-rules.md). */
  rules: z.array(z.string()).default([]),
  startedAtMs: z.number().optional(),
  endedAtMs: z.number().optional(),
  figures: z.array(acceptanceFigureSchema).default([]),
  evidence: z.array(acceptanceEvidenceSchema).default([]),
  /** Ids of the steps this one needs. */
  dependsOn: z.array(z.string()).default([]),
});
export type AcceptanceStep = z.infer<typeof acceptanceStepSchema>;

export const acceptanceVerdictSchema = z.enum(['ready', 'not-ready', 'incomplete']);
export type AcceptanceVerdict = z.infer<typeof acceptanceVerdictSchema>;

export const acceptanceRunSchema = z.object({
  /** The trace run holding every message of the acceptance test (exports like any other run). */
  runId: z.int().min(1),
  state: z.enum(['running', 'done', 'aborted', 'timed-out']),
  /** Set when the run ends: ready only when no step failed and none that matters was skipped. */
  verdict: acceptanceVerdictSchema.optional(),
  target: z.string(), // the saved target's name, or user@server
  profile: z.string(),
  site: z.string().optional(),
  note: z.string().optional(),
  startedAtMs: z.number(),
  endedAtMs: z.number().optional(),
  timeLimitS: count,
  steps: z.array(acceptanceStepSchema),
  /** The provider's numbers the run was checked against ("Min refresh interval": "60 s"). */
  providerNumbers: z.array(z.object({ label: z.string(), value: z.string() })).default([]),
  /** Findings of the run's traffic by severity. */
  findingCounts: z.object({ error: count, warning: count, info: count }),
});
export type AcceptanceRun = z.infer<typeof acceptanceRunSchema>;

/** What the Acceptance screen sends to start one (the CLI builds the same from its options). */
export const acceptanceStartSchema = z.strictObject({
  targetId: z.string().min(1).max(100),
  /** The number called for the outbound test. */
  to: z.string().trim().min(1).max(64),
  /** The DID that should ring back on our registration; without it the inbound step is skipped. */
  did: z.string().trim().max(64).optional(),
  caps: z.boolean().default(false),
  site: z.string().trim().max(200).optional(),
  note: z.string().max(4000).optional(),
  timeLimitS: z.int().min(10).max(3600).default(300),
  /** The technician said yes to the caps ramp's warning (the Load screen's needs-confirmation). */
  confirmed: z.boolean().default(false),
});
export type AcceptanceStart = z.infer<typeof acceptanceStartSchema>;
