// A provider profile: the rules of one provider as data (docs/provider-rules.md, "Profile
// parameters"). Keys are snake_case because users type them in `--set key=value` and in
// profile files. Every key is optional except the name: an absent key means "no such rule".
import { z } from 'zod';

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
    inbound_limit: z.number().int().positive().optional(),
    outbound_limit: z.number().int().positive().optional(),
    total_limit: z.number().int().positive().optional(),
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
    cps_limit: z.number().positive().optional(),
    channel_limit: z.number().int().positive().optional(),
    cps_limit_per_credential: z.number().positive().optional(),
    channel_limit_per_credential: z.number().int().positive().optional(),
  })
  .strict();

export type ProviderProfile = z.output<typeof providerProfileSchema>;
export type ProviderProfileInput = z.input<typeof providerProfileSchema>;
export type ProfileKey = Exclude<keyof ProviderProfile, 'name'>;
