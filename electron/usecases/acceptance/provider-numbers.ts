// The provider's numbers an acceptance run is checked against, as the report lists them beside
// the verdict ("Min refresh interval: 100 s"). Only the keys the profile sets: an absent key is
// no rule (shared/profiles/profile-schema.ts).
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';

export function providerNumbers(
  p: ProviderProfile,
  expires: number,
): { readonly label: string; readonly value: string }[] {
  const out: { label: string; value: string }[] = [];
  const add = (label: string, value: string | number | undefined, unit = ''): void => {
    if (value !== undefined) out.push({ label, value: `${value}${unit}` });
  };
  add('Trunk name (From host)', p.trunk_name);
  add('PBX address', p.pbx_ip);
  add('Direction', p.direction);
  add('SRV name', p.srv_name);
  if (p.registrars.length > 0) add('Regions', p.registrars.map((r) => r.name).join(', '));
  add('Transport', p.transport === 'any' ? undefined : p.transport.toUpperCase());
  add('Registrar port', p.registrar_port);
  add('Min refresh interval', p.min_register_interval, ' s');
  add('Max Expires', p.max_expires, ' s');
  add('Expires asked', expires, ' s');
  add('E.164 required', p.e164_required ? 'yes' : undefined);
  add('Caller ID', p.caller_id_passthrough ? 'passed through' : 'overwritten by the provider');
  add('Channels', p.channel_limit);
  add('Channels per credential', p.channel_limit_per_credential);
  add('Calls per second', p.cps_limit);
  add('Calls per second per credential', p.cps_limit_per_credential);
  add('Inbound channels', p.inbound_limit);
  add('Outbound channels', p.outbound_limit);
  add('Total channels', p.total_limit);
  return out;
}
