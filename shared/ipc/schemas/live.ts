// Schemas of the live screens (Register, Call): what the engine is doing now. The back end pushes
// the whole current state as one event, throttled to a few a second, so a burst of engine events is
// never one IPC message each; the UI redraws from the latest state.
import { z } from 'zod';
import { targetIdSchema } from './targets';

export const registrationStateSchema = z.enum([
  'starting',
  'registering',
  'registered',
  /** 429 Too Many Requests: waiting out Retry-After (or a back-off) before trying again. */
  'blocked',
  'failed',
  'stopping',
  'stopped',
]);

export const registrationViewSchema = z.object({
  targetId: targetIdSchema,
  /** One line per region with --all-targets; the server otherwise. */
  region: z.string(),
  /** The store run that holds this registration's messages. */
  runId: z.int().min(1).optional(),
  state: registrationStateSchema,
  /** Plain words: "Registered for 300 s", "403 Forbidden: wrong password?". */
  message: z.string(),
  grantedExpires: z.int().optional(),
  /** Epoch ms of the next refresh, for the countdown. */
  nextRefreshAtMs: z.number().optional(),
  /** Epoch ms when a 429 block's Retry-After (or back-off) ends. */
  blockedUntilMs: z.number().optional(),
  retryAfterS: z.number().optional(),
  lastStatus: z.int().optional(),
  /** Contacts the registrar listed (ours and other devices'). */
  bindings: z.array(z.object({ contact: z.string(), expires: z.int().optional(), ours: z.boolean() })),
  /** Where the registrar saw us (Via received/rport), when it said. */
  publicAddress: z.string().optional(),
  behindNat: z.boolean().optional(),
  updatedAtMs: z.number(),
});

export const mediaViewSchema = z.object({
  /** One word for a badge: two-way, one-way-out, one-way-in, none, off. */
  verdict: z.string(),
  packetsSent: z.int().min(0),
  packetsReceived: z.int().min(0),
  codec: z.string().optional(),
  /** One line: what was heard and what was not. */
  summary: z.string(),
});

export const callViewSchema = z.object({
  /** Unique per call in this back end. */
  key: z.string(),
  targetId: targetIdSchema,
  direction: z.enum(['out', 'in']),
  runId: z.int().min(1).optional(),
  callId: z.string().optional(),
  /** calling, ringing, answered, ended, failed. */
  state: z.enum(['calling', 'ringing', 'answered', 'ended', 'failed']),
  from: z.string(),
  to: z.string(),
  startedAtMs: z.number(),
  answeredAtMs: z.number().optional(),
  endedAtMs: z.number().optional(),
  finalStatus: z.int().optional(),
  /** Progress so far: "100 Trying", "180 Ringing", "200 OK". */
  progress: z.array(z.string()),
  /**
   * While nothing has answered the INVITE: how many times the engine sent it and when its
   * timer B gives up (ms since the epoch, the back end's clock), from the transaction itself.
   */
  inviteSent: z.object({ count: z.int().min(1), giveUpAtMs: z.number() }).optional(),
  media: mediaViewSchema.optional(),
  message: z.string(),
});

export const answeringViewSchema = z.object({
  targetId: targetIdSchema,
  runId: z.int().min(1).optional(),
  /** Where calls are answered: "udp 0.0.0.0:5062", and the registration's state when registering. */
  listening: z.string(),
  echo: z.boolean(),
  message: z.string(),
});

export const liveStateSchema = z.object({
  registrations: z.array(registrationViewSchema),
  calls: z.array(callViewSchema),
  answering: z.array(answeringViewSchema),
});

export type RegistrationView = z.output<typeof registrationViewSchema>;
export type CallView = z.output<typeof callViewSchema>;
export type AnsweringView = z.output<typeof answeringViewSchema>;
export type LiveState = z.output<typeof liveStateSchema>;
