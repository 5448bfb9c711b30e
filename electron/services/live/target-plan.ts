// A saved target turned into what the engine needs, the way `sipkit register|call|answer` turn their
// flags into it: the server spec, the provider profile, the targets RFC 3263 discovery found, and
// the registration plan the registrations use case takes. Failures are one-line refusals.
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import { resolveProfile } from '../../../shared/profiles/resolve-profile';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { TransportName } from '../../../shared/trace-types';
import { discoverTargets } from '../../engine/discovery/discover-targets';
import { createDnsClient } from '../../engine/discovery/dns-client';
import type { Discovery } from '../../engine/discovery/discovery-types';
import { parseServerSpec, type ServerSpec } from '../../engine/discovery/parse-server';
import type { RegistrationPlan } from '../../usecases/registrations';
import { refused } from '../service-error';
import type { LocalBind } from './live-run';

export interface TargetPlan {
  readonly spec: ServerSpec;
  readonly transport: TransportName;
  readonly profile: ProviderProfile;
  readonly discovery: Discovery;
}

export async function planTarget(target: TargetView): Promise<TargetPlan> {
  let spec: ServerSpec;
  let profile: ProviderProfile;
  try {
    spec = parseServerSpec(target.server);
    profile = resolveProfile({ name: target.profile });
  } catch (error) {
    // ProfileError and the server parser's errors are one line a technician can act on.
    throw refused((error as Error).message);
  }
  // ";transport=tcp" in the server wins over the target's transport, as with `--server` and `--transport`.
  const transport = spec.transport ?? target.transport;
  let discovery: Discovery;
  try {
    discovery = await discoverTargets(spec, { dns: createDnsClient(), transport });
  } catch (error) {
    throw refused((error as Error).message);
  }
  return { spec, transport, profile, discovery };
}

/**
 * What `sipkit register` plans, with the password from the vault instead of SIPKIT_PASSWORD or a
 * prompt: every discovered target with allTargets (one registration per region), else the first and
 * the rest as RFC 3263 §4.3 alternatives.
 */
export function registrationPlan(
  target: TargetView,
  plan: TargetPlan,
  password: string,
  allTargets: boolean,
): RegistrationPlan {
  const { spec, profile, discovery } = plan;
  return {
    spec,
    profile,
    identity: {
      user: target.user,
      authUser: target.authUser || undefined,
      domain: target.domain || undefined,
    },
    expires: profile.default_expires ?? 3600,
    password,
    targets: allTargets ? discovery.targets : discovery.targets.slice(0, 1),
    alternatives: allTargets ? [] : discovery.targets.slice(1),
  };
}

export function localBindOf(target: TargetView): LocalBind {
  return { address: target.localAddress || undefined, port: target.localPort || undefined };
}
