// What a target or a registration plan breaks of its provider profile, said before a packet is
// sent: the CLI when it plans a registration, the app's Targets screen as soon as a target is
// typed and saved (a Skyetel target on port 5080 is told at once, not by the registrar's silence).
import { readHostPort } from '../sip/host-port';
import type { ProviderProfile } from './profile-schema';

/** What a registration plan breaks of the provider's rules. */
export function profileProblems(
  profile: ProviderProfile,
  expires: number | undefined,
  transport: string | undefined,
  port: number | undefined,
): string[] {
  const out: string[] = [];
  if (expires !== undefined && profile.max_expires !== undefined && expires > profile.max_expires)
    out.push(
      `Expires ${expires} s is above ${profile.name}'s maximum of ${profile.max_expires} s (rule reg.expires)`,
    );
  if (profile.transport === 'udp' && transport === 'tcp')
    out.push(`${profile.name} accepts registrations over UDP only (rule reg.transport)`);
  if (profile.registrar_port !== undefined && port !== undefined && port !== profile.registrar_port)
    out.push(
      `${profile.name} accepts registrations on port ${profile.registrar_port} only, not ${port} (rule reg.transport)`,
    );
  return out;
}

/** A target as typed ("host[:port]", a transport) against its profile. */
export function targetProblems(profile: ProviderProfile, server: string, transport: string): string[] {
  const text = server.trim().replace(/^sips?:/i, '');
  const port = text === '' ? undefined : readHostPort(text).port;
  return profileProblems(profile, undefined, transport, port);
}
