// The built-in provider profiles. Numbers come from the providers' own guides (shared/seeds in the
// project's steering folder); users copy a profile and change any of them.
import { providerProfileSchema, type ProviderProfile } from './profile-schema';

/** RFC 3261 only: no provider-specific limits. */
const generic = providerProfileSchema.parse({
  name: 'generic',
  description: 'Plain RFC 3261 behaviour, no provider limits',
  default_expires: 3600,
});

/** Registration trunk, two regions, strict rate limits (seed 002, "Skyetel style"). */
const skyetel = providerProfileSchema.parse({
  name: 'skyetel',
  description: 'SIP registration trunk: UDP 5060 only, 2 regions, refresh no faster than 100 s, 300 s expiry',
  srv_name: 'reg.skyetel.com',
  registrars: [{ name: 'nw1.reg.skyetel.com' }, { name: 'se1.reg.skyetel.com' }],
  transport: 'udp',
  registrar_port: 5060,
  min_register_interval: 100,
  max_expires: 300,
  default_expires: 300,
  cps_limit: 1,
  channel_limit: 100,
  cps_limit_per_credential: 2,
  channel_limit_per_credential: 200,
  direction: 'both',
});

/** IP-authenticated trunk matched on the From host (seed 000, "SkySwitch style"). */
const skyswitch = providerProfileSchema.parse({
  name: 'skyswitch',
  description:
    'IP-authenticated trunk: the From host must equal the trunk Name; inbound/outbound/total limits',
  trunk_name: 'trunking-customer.15611.service',
  direction: 'both',
  relay_media: 'auto',
  e164_required: true,
  caller_id_passthrough: false,
});

export const BUILTIN_PROFILES: readonly ProviderProfile[] = [generic, skyetel, skyswitch];

export function findBuiltinProfile(name: string): ProviderProfile | undefined {
  return BUILTIN_PROFILES.find((p) => p.name === name.toLowerCase());
}
