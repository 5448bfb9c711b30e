// The built-in provider profiles as the Targets screen lists them: name, description and the rules'
// numbers a technician checks at a glance ("min register interval 100 s", "1 CPS").
import type { z } from 'zod';
import type { profileSummarySchema } from '../../../shared/ipc/schemas/targets';
import { BUILTIN_PROFILES } from '../../../shared/profiles/builtin-profiles';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';

export type ProfileSummary = z.output<typeof profileSummarySchema>;

export function profileSummaries(): ProfileSummary[] {
  return BUILTIN_PROFILES.map((p) => ({ name: p.name, description: p.description, limits: limitsOf(p) }));
}

/** Each present rule in a few words; an absent key is no rule, so it says nothing. */
export function limitsOf(p: ProviderProfile): string[] {
  const out: string[] = [];
  const add = (value: unknown, text: string): void => {
    if (value !== undefined) out.push(text);
  };
  if (p.transport !== 'any') out.push(`${p.transport.toUpperCase()} only`);
  add(p.registrar_port, `registrar port ${p.registrar_port}`);
  if (p.registrars.length > 1) out.push(`${p.registrars.length} regions`);
  add(p.min_register_interval, `min register interval ${p.min_register_interval} s`);
  add(p.max_expires, `max expires ${p.max_expires} s`);
  add(p.default_expires, `expires ${p.default_expires} s`);
  add(p.cps_limit, `${p.cps_limit} CPS`);
  add(p.channel_limit, `${p.channel_limit} channels`);
  add(p.cps_limit_per_credential, `${p.cps_limit_per_credential} CPS per credential`);
  add(p.channel_limit_per_credential, `${p.channel_limit_per_credential} channels per credential`);
  add(p.inbound_limit, `${p.inbound_limit} inbound channels`);
  add(p.outbound_limit, `${p.outbound_limit} outbound channels`);
  add(p.total_limit, `${p.total_limit} channels in total`);
  add(p.trunk_name, `From host ${p.trunk_name}`);
  if (p.e164_required) out.push('E.164 numbers');
  if (!p.caller_id_passthrough) out.push('caller ID not passed through');
  return out;
}
