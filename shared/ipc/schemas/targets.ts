// Schemas of the Targets screen: a saved test target (provider profile, server, credentials, trunk
// name) as the UI edits it. The password travels UI → back end only, when the user types it; it is
// never part of a reply (a reply says only whether one is stored, and where).
import { z } from 'zod';

export const targetIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, 'a target id is lowercase letters, digits and dashes');

export const targetFieldsSchema = z.strictObject({
  /** What the technician calls it: "Acme PBX via Skyetel". */
  name: z.string().trim().min(1).max(80),
  /** Built-in provider profile name (profiles.list). */
  profile: z.string().min(1).max(40).default('generic'),
  /** HOST[:PORT], an SRV name, or an IP: what `sipkit register --server` takes. */
  server: z.string().trim().min(1).max(255),
  transport: z.enum(['udp', 'tcp']).default('udp'),
  /** SIP user (the registration's AOR user); empty for an IP-authenticated trunk. */
  user: z.string().max(80).default(''),
  /** Digest user name when it differs from user. */
  authUser: z.string().max(80).default(''),
  /** Registration domain; the server's host when empty. */
  domain: z.string().max(255).default(''),
  /** Trunk name, used as the From host of test calls (trunk.from-host). */
  trunkName: z.string().max(255).default(''),
  /** Caller number for test calls; the user when empty. */
  callerId: z.string().max(40).default(''),
  /** Local interface address; all interfaces when empty. */
  localAddress: z.string().max(64).default(''),
  /** Local SIP port; 0 = ephemeral. */
  localPort: z.int().min(0).max(65535).default(0),
});

export const passwordStorageSchema = z.enum([
  /** Encrypted with Electron safeStorage (the OS keychain). */
  'safe-storage',
  /** Web mode: kept in this process's memory only, gone when it exits. */
  'memory',
  /** No password stored (an IP-authenticated trunk, or not entered yet). */
  'none',
]);

export const targetSchema = targetFieldsSchema.extend({
  id: targetIdSchema,
  passwordStorage: passwordStorageSchema,
});

export type TargetFields = z.output<typeof targetFieldsSchema>;
export type TargetFieldsInput = z.input<typeof targetFieldsSchema>;
export type TargetView = z.output<typeof targetSchema>;

export const profileSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  /** The rules' numbers a technician checks at a glance, e.g. "min register interval 60 s". */
  limits: z.array(z.string()),
});
