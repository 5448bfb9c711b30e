// The Emulator screen's data: what the provider emulator is doing (issue 17), read once a second.
import { z } from 'zod';

const count = z.int().min(0);
const endpoint = z.object({ address: z.string(), port: z.int().min(0).max(65535) });

/** ADDR:PORT, e.g. 192.0.2.23:5060 or [2001:db8::1]:5060. */
export const listenAddressSchema = z.string().trim().min(3).max(100);

export const emulatorStartSchema = z.strictObject({
  /** A built-in profile's name. */
  profile: z.string().trim().min(1).max(40),
  listen: listenAddressSchema,
  /** Further regions, one socket each. */
  regions: z.array(listenAddressSchema).max(4).default([]),
  /** The saved target whose user and password the PBX must register with (registration trunks). */
  targetId: z.string().min(1).max(100).optional(),
  /** Set a profile value for this run only, as `--set key=value` does. */
  set: z.array(z.string().max(200)).max(20).default([]),
});

/** A DID call the emulator places to the registered PBX, as the provider delivers inbound calls. */
export const emulatorCallPbxSchema = z.strictObject({
  /** The DID dialled (the Request-URI's and To's user). */
  did: z.string().trim().min(1).max(64),
  /** The original caller's number (default the emulator's); the profile says whether it is passed through or overwritten. */
  caller: z.string().trim().min(1).max(64).optional(),
  /** How long the call is held once answered, with echo-checked media. */
  holdS: z.int().min(1).max(600).default(5),
});

export const emulatorEventSchema = z.object({
  atMs: z.number(),
  kind: z.enum(['register', 'call', 'to-pbx', 'auth', 'lockout']),
  status: count.optional(),
  text: z.string(),
});

export const emulatorStatusSchema = z.object({
  runId: z.int().min(1),
  state: z.enum(['running', 'stopped']),
  profile: z.string(),
  kind: z.enum(['registration', 'ip-authenticated']),
  regions: z.array(endpoint),
  realm: z.string(),
  users: z.array(z.string()),
  /** The line to read to the customer: where to point the PBX. */
  instructions: z.string(),
  bindings: z.array(
    z.object({
      user: z.string(),
      region: count,
      contact: z.string(),
      source: endpoint,
      expiresInS: count,
    }),
  ),
  callsUp: count,
  counts: z.object({
    registrations: count,
    refusedRegistrations: count,
    callsFromPbx: count,
    refusedCalls: count,
    callsToPbx: count,
    authFailures: count,
  }),
  lockedOut: z.array(z.object({ address: z.string(), failures: count })),
  findings: z.array(
    z.object({ rule: z.string(), severity: z.enum(['error', 'warning', 'info']), title: z.string() }),
  ),
  messages: count,
  /** The newest events, oldest first. */
  events: z.array(emulatorEventSchema),
});

export type EmulatorStatusView = z.output<typeof emulatorStatusSchema>;
export type EmulatorEventView = z.output<typeof emulatorEventSchema>;
