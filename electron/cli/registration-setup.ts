// The registration part of a command, shared by `sipkit register` and `sipkit answer --register`:
// read the flags, find the targets, create one Registration per target and print its events.
import { shouldFailOver } from '../engine/register/failover-policy';
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { SipEndpoint } from '../engine/core/sip-endpoint';
import type { SipTarget } from '../engine/discovery/discovery-types';
import type { ServerSpec } from '../engine/discovery/parse-server';
import {
  Registration,
  type RegistrationEvent,
  type RegistrationResult,
} from '../engine/register/registration';
import { fmt } from '../engine/transport/sip-transport';
import { readPassword } from './password';
import { aborted } from './waiting';
import { loadProfile, type ProfileFlags } from './profile-options';
import type { Reporter } from './reporter';
import { findTargets, parseServer, parseTransport, positiveNumber } from './targets';

export interface RegistrationFlags extends ProfileFlags {
  readonly server: string;
  readonly user: string;
  readonly authUser?: string;
  readonly domain?: string;
  readonly expires?: string;
  readonly allTargets?: boolean;
  readonly transport?: string;
}

export interface RegistrationPlan {
  readonly spec: ServerSpec;
  readonly profile: ProviderProfile;
  readonly expires: number;
  readonly password: string;
  readonly targets: readonly SipTarget[];
  /** Without --all-targets: the further targets, tried in order when one fails (RFC 3263 §4.3). */
  readonly alternatives: readonly SipTarget[];
}

export async function planRegistrations(
  flags: RegistrationFlags,
  reporter: Reporter,
): Promise<RegistrationPlan> {
  const spec = parseServer(flags.server);
  const transport = parseTransport(flags.transport) ?? spec.transport;
  const profile = loadProfile(flags);
  const expires =
    positiveNumber('--expires', flags.expires, { integer: true, min: 1 }) ?? profile.default_expires ?? 3600;
  checkAgainstProfile(profile, expires, transport, spec.port, reporter);
  const password = await readPassword(flags.user);
  const discovery = await findTargets(spec, transport, reporter);
  const targets = flags.allTargets ? discovery.targets : discovery.targets.slice(0, 1);
  if (!flags.allTargets && discovery.targets.length > 1) {
    reporter.info(
      'discover',
      `${discovery.targets.length} targets; registering to the first (the next if it does not answer or answers 503). --all-targets registers to each (one registration per region)`,
    );
  }
  if (flags.allTargets && profile.registrars.length > 1 && targets.length < profile.registrars.length) {
    reporter.warn(
      'discover',
      `profile ${profile.name} has ${profile.registrars.length} regions but ${spec.host} gave ${targets.length} target(s): the PBX would be registered to one region only (rule reg.srv)`,
    );
  }
  const alternatives = flags.allTargets ? [] : discovery.targets.slice(1);
  return { spec, profile, expires, password, targets, alternatives };
}

export interface StartedRegistrations {
  readonly regs: readonly Registration[];
  /** Problems after the first result (a refused refresh, a 429): the binding did not hold. */
  readonly later: readonly string[];
}

export function createRegistrations(
  endpoint: SipEndpoint,
  plan: RegistrationPlan,
  flags: RegistrationFlags,
  reporter: Reporter,
  persistent: boolean,
): StartedRegistrations {
  const later: string[] = [];
  const { spec, targets } = plan;
  const regs = targets.map((target) => {
    const reg = new Registration(endpoint, {
      target,
      serverName: target.host,
      user: flags.user,
      authUser: flags.authUser,
      password: plan.password,
      domain: flags.domain ?? spec.host,
      domainPort:
        flags.domain === undefined && spec.port !== undefined && spec.port !== 5060 ? spec.port : undefined,
      expires: plan.expires,
      minRefreshIntervalS: plan.profile.min_register_interval,
      persistent,
    });
    const label = targets.length > 1 ? `[${target.host} ${fmt(target)}] ` : '';
    let settled = false;
    reg.onEvent((e) => {
      printEvent(e, label, target, reporter);
      if (e.type === 'registered') settled = true;
      else if (settled && e.type === 'rate-limited')
        later.push(`${label}refresh refused with 429 Too Many Requests`);
      else if (settled && e.type === 'failed' && !e.message.startsWith('un-register'))
        later.push(`${label}${e.message}`);
    });
    return reg;
  });
  return { regs, later };
}

function checkAgainstProfile(
  profile: ProviderProfile,
  expires: number,
  transport: string | undefined,
  port: number | undefined,
  reporter: Reporter,
): void {
  if (profile.max_expires !== undefined && expires > profile.max_expires) {
    reporter.warn(
      'profile',
      `Expires ${expires} s is above ${profile.name}'s maximum of ${profile.max_expires} s (rule reg.expires)`,
    );
  }
  if (profile.transport === 'udp' && transport === 'tcp') {
    reporter.warn('profile', `${profile.name} accepts registrations over UDP only (rule reg.transport)`);
  }
  if (profile.registrar_port !== undefined && port !== undefined && port !== profile.registrar_port) {
    reporter.warn(
      'profile',
      `${profile.name} accepts registrations on port ${profile.registrar_port} only, not ${port} (rule reg.transport)`,
    );
  }
}

function printEvent(e: RegistrationEvent, label: string, target: SipTarget, reporter: Reporter): void {
  const data = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    target: fmt(target),
    ...extra,
  });
  switch (e.type) {
    case 'state':
      if (reporter.json) reporter.info('state', e.state, data({ state: e.state }));
      return;
    case 'sending':
      reporter.info(
        'register',
        `${label}→ REGISTER to ${fmt(target)} (CSeq ${e.cseq}, Expires ${e.expires}${e.authorized ? ', with credentials' : ''})`,
        data({ cseq: e.cseq, expires: e.expires, authorized: e.authorized }),
      );
      return;
    case 'challenged':
      reporter.info(
        'auth',
        `${label}← ${e.status} challenge: realm "${e.realm}", algorithm ${e.algorithm}${e.stale ? ' (stale nonce)' : ''}`,
        data({ status: e.status, realm: e.realm, algorithm: e.algorithm, stale: e.stale }),
      );
      return;
    case 'registered': {
      reporter.info(
        'register',
        `${label}✓ ${e.refresh ? 'refreshed' : 'registered'}: granted ${e.grantedExpires} s (asked ${e.askedExpires} s), next refresh in ${Math.round(e.refreshInS)} s, round trip ${e.rttMs.toFixed(1)} ms`,
        data({
          event: 'registered',
          grantedExpires: e.grantedExpires,
          askedExpires: e.askedExpires,
          refreshInS: e.refreshInS,
          rttMs: e.rttMs,
          refresh: e.refresh,
        }),
      );
      for (const b of e.bindings) {
        reporter.info(
          'binding',
          `${label}${b.contact}${b.ours ? ' (ours)' : ' (ANOTHER DEVICE)'}${b.expires !== undefined ? `, expires in ${b.expires} s` : ''}`,
          data({ contact: b.contact, ours: b.ours, expires: b.expires }),
        );
      }
      if (e.otherDevices.length > 0) {
        reporter.warn(
          'binding',
          `${label}another device is registered with these credentials: ${e.otherDevices.map((b) => b.contact).join(', ')} — one PBX per credential set (rule reg.one-pbx)`,
          data({ rule: 'reg.one-pbx', others: e.otherDevices.map((b) => b.contact) }),
        );
      }
      const sent = fmt(e.nat.sent);
      if (!e.nat.seen)
        reporter.info(
          'nat',
          `${label}sent from ${sent}; the registrar did not say what it saw (no received/rport)`,
          data({ sent }),
        );
      else {
        const seen = fmt(e.nat.seen);
        reporter.info(
          'nat',
          `${label}sent from ${sent}, registrar saw ${seen}: ${e.nat.behindNat ? 'NAT between us and the registrar' : 'no NAT'}`,
          data({ sent, seen, behindNat: e.nat.behindNat }),
        );
      }
      return;
    }
    case 'interval-too-brief':
      reporter.info(
        'register',
        `${label}← 423 Interval Too Brief: the registrar wants at least ${e.minExpires} s; asking again with Expires ${e.minExpires}`,
        data({ asked: e.asked, minExpires: e.minExpires }),
      );
      return;
    case 'rate-limited':
      reporter.warn(
        'register',
        `${label}← 429 Too Many Requests${e.retryAfterS !== undefined ? `, Retry-After ${e.retryAfterS} s` : ''}: backing off ${e.backoffS} s before trying again (rule reg.429)`,
        data({
          rule: 'reg.429',
          retryAfterS: e.retryAfterS,
          backoffS: e.backoffS,
          consecutive: e.consecutive,
        }),
      );
      return;
    case 'failed':
      reporter.warn('register', `${label}${e.message}`, data({ status: e.status, fatal: e.fatal }));
      return;
    case 'warning':
      reporter.warn('register', `${label}${e.message}`, data());
      return;
    case 'unregistered':
      reporter.info(
        'register',
        `${label}✓ un-registered${e.remaining.length ? `; ${e.remaining.length} other binding(s) remain: ${e.remaining.map((b) => b.contact).join(', ')}` : ''}`,
        data({ event: 'unregistered', remaining: e.remaining.map((b) => b.contact) }),
      );
      return;
  }
}

/**
 * Starts the registrations and waits for their first results. Without --all-targets, RFC 3263
 * §4.3 applies: a target that does not answer, cannot be reached or answers 503 is replaced by the
 * next one the name resolved to.
 */
export async function startWithFailover(
  endpoint: SipEndpoint,
  plan: RegistrationPlan,
  flags: RegistrationFlags,
  reporter: Reporter,
  persistent: boolean,
  signal: AbortSignal,
): Promise<{
  readonly started: StartedRegistrations;
  readonly results: readonly RegistrationResult[] | 'aborted';
}> {
  const next = [...plan.alternatives];
  let current = plan;
  for (;;) {
    const started = createRegistrations(endpoint, current, flags, reporter, persistent);
    const results = await Promise.race([Promise.all(started.regs.map((r) => r.start())), aborted(signal)]);
    const first = results === 'aborted' ? undefined : results[0];
    const failover = shouldFailOver(first);
    const target = next.shift();
    if (!failover || target === undefined) return { started, results };
    await Promise.all(started.regs.map((r) => r.stop()));
    reporter.info('register', `trying the next target: ${target.host} (${fmt(target)})`, {
      event: 'failover',
      target: fmt(target),
    });
    current = { ...current, targets: [target] };
  }
}
