// Registrations as the CLI (`sipkit register`, `sipkit answer --register`) and the app's Register
// and Answer screens run them: one Registration per planned target, the refusals that come after a
// first success collected (the binding did not hold), and RFC 3263 §4.3 failover to the next target.
// What a front end shows is its own business: it hears every event through the hooks.
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { SipEndpoint } from '../engine/core/sip-endpoint';
import type { SipTarget } from '../engine/discovery/discovery-types';
import type { ServerSpec } from '../engine/discovery/parse-server';
import { shouldFailOver } from '../engine/register/failover-policy';
import {
  Registration,
  type RegistrationEvent,
  type RegistrationResult,
} from '../engine/register/registration';
import { fmt } from '../engine/transport/sip-transport';
import { aborted } from './waiting';

export interface RegistrationIdentity {
  readonly user: string;
  /** The digest user when it differs from the AoR user. */
  readonly authUser?: string;
  /** The AoR's domain; the server's host name by default. */
  readonly domain?: string;
}

export interface RegistrationPlan {
  readonly spec: ServerSpec;
  readonly profile: ProviderProfile;
  readonly identity: RegistrationIdentity;
  readonly expires: number;
  /** Held in memory for the digest; never stored or logged. */
  readonly password: string;
  readonly targets: readonly SipTarget[];
  /** With one target: the further ones, tried in order when it fails (RFC 3263 §4.3). */
  readonly alternatives: readonly SipTarget[];
}

export type FailedRegistration = Extract<RegistrationResult, { readonly ok: false }>;

export interface StartedRegistrations {
  readonly regs: readonly Registration[];
  /** Problems after the first result (a refused refresh, a 429): the binding did not hold. */
  readonly later: readonly string[];
}

export interface RegistrationHooks {
  /** Every event of every registration; `label` names the target when there are several. */
  onEvent?(e: RegistrationEvent, target: SipTarget, label: string): void;
  /** A set of registrations was created (the first, and after each failover), before it starts. */
  onCreated?(started: StartedRegistrations, targets: readonly SipTarget[]): void;
  /** The target failed as RFC 3263 §4.3 allows replacing; `next` is tried once it has stopped. */
  onFailover?(failed: FailedRegistration, next: SipTarget): void;
}

export function createRegistrations(
  endpoint: SipEndpoint,
  plan: RegistrationPlan,
  persistent: boolean,
  hooks: RegistrationHooks = {},
): StartedRegistrations {
  const later: string[] = [];
  const { spec, targets, identity } = plan;
  const regs = targets.map((target) => {
    const reg = new Registration(endpoint, {
      target,
      serverName: target.host,
      user: identity.user,
      authUser: identity.authUser,
      password: plan.password,
      domain: identity.domain ?? spec.host,
      domainPort:
        identity.domain === undefined && spec.port !== undefined && spec.port !== 5060
          ? spec.port
          : undefined,
      expires: plan.expires,
      minRefreshIntervalS: plan.profile.min_register_interval,
      persistent,
    });
    const label = targets.length > 1 ? `[${target.host} ${fmt(target)}] ` : '';
    let settled = false;
    reg.onEvent((e) => {
      hooks.onEvent?.(e, target, label);
      if (e.type === 'registered') settled = true;
      else if (settled && e.type === 'rate-limited')
        later.push(`${label}refresh refused with 429 Too Many Requests`);
      else if (settled && e.type === 'failed' && !e.message.startsWith('un-register'))
        later.push(`${label}${e.message}`);
    });
    return reg;
  });
  const started = { regs, later };
  hooks.onCreated?.(started, targets);
  return started;
}

/**
 * Starts the registrations and waits for their first results. With one target, RFC 3263 §4.3
 * applies: a target that does not answer, cannot be reached or answers 503 is replaced by the next
 * one the name resolved to. Stops early, with 'aborted', when the signal fires.
 */
export async function startWithFailover(
  endpoint: SipEndpoint,
  plan: RegistrationPlan,
  persistent: boolean,
  signal: AbortSignal,
  hooks: RegistrationHooks = {},
): Promise<{
  readonly started: StartedRegistrations;
  readonly results: readonly RegistrationResult[] | 'aborted';
}> {
  const next = [...plan.alternatives];
  let current = plan;
  let started: StartedRegistrations = { regs: [], later: [] };
  for (;;) {
    if (signal.aborted) return { started, results: 'aborted' };
    started = createRegistrations(endpoint, current, persistent, hooks);
    const results = await Promise.race([Promise.all(started.regs.map((r) => r.start())), aborted(signal)]);
    const first = results === 'aborted' ? undefined : results[0];
    const target = next[0];
    if (!shouldFailOver(first) || target === undefined) return { started, results };
    next.shift();
    hooks.onFailover?.(first, target);
    await Promise.all(started.regs.map((r) => r.stop()));
    current = { ...current, targets: [target] };
  }
}

/** What a registration plan breaks of the provider's rules (shared with the app's Targets screen). */
export { profileProblems } from '../../shared/profiles/profile-problems';
