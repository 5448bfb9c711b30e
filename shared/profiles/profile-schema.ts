// A provider profile: the rules of one provider as data (docs/provider-rules.md, "Profile
// parameters"). Keys are snake_case because users type them in `--set key=value` and in
// profile files. Every key is optional except the name: an absent key means "no such rule".
import { z } from 'zod';

// A cap of calls or calls per second may be 0: "none allowed" (an inbound-only trunk has
// outbound_limit 0). An absent key, not 0, means "no cap".
const callCap = z.number().int().nonnegative();
const rateCap = z.number().nonnegative();

const registrar = z.object({
  name: z.string().min(1),
  addr: z.string().min(1).optional(),
});

export const providerProfileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    trunk_name: z.string().min(1).optional(),
    pbx_ip: z.string().min(1).optional(),
    direction: z.enum(['inbound', 'outbound', 'both']).default('both'),
    inbound_limit: callCap.optional(),
    outbound_limit: callCap.optional(),
    total_limit: callCap.optional(),
    relay_media: z.enum(['yes', 'no', 'auto']).default('auto'),
    e164_required: z.boolean().default(false),
    caller_id_passthrough: z.boolean().default(true),
    srv_name: z.string().min(1).optional(),
    registrars: z.array(registrar).default([]),
    transport: z.enum(['udp', 'tcp', 'any']).default('any'),
    registrar_port: z.number().int().min(1).max(65535).optional(),
    min_register_interval: z.number().nonnegative().optional(),
    max_expires: z.number().int().positive().optional(),
    default_expires: z.number().int().positive().optional(),
    cps_limit: rateCap.optional(),
    channel_limit: callCap.optional(),
    cps_limit_per_credential: rateCap.optional(),
    channel_limit_per_credential: callCap.optional(),
  })
  .strict();

export type ProviderProfile = z.output<typeof providerProfileSchema>;
export type ProviderProfileInput = z.input<typeof providerProfileSchema>;
export type ProfileKey = Exclude<keyof ProviderProfile, 'name'>;
