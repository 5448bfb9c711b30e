// The registration part of a command, shared by `sipkit register` and `sipkit answer --register`:
// read the flags into the use case's plan (electron/usecases/registrations.ts), and print every
// event of the registrations it runs.
import type { SipTarget } from '../engine/discovery/discovery-types';
import type { RegistrationEvent } from '../engine/register/registration';
import { fmt } from '../engine/transport/sip-transport';
import { profileProblems, type RegistrationHooks, type RegistrationPlan } from '../usecases/registrations';
import { readPassword } from './password';
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

export async function planRegistrations(
  flags: RegistrationFlags,
  reporter: Reporter,
): Promise<RegistrationPlan> {
  const spec = parseServer(flags.server);
  const transport = parseTransport(flags.transport) ?? spec.transport;
  const profile = loadProfile(flags);
  const expires =
    positiveNumber('--expires', flags.expires, { integer: true, min: 1 }) ?? profile.default_expires ?? 3600;
  for (const problem of profileProblems(profile, expires, transport, spec.port))
    reporter.warn('profile', problem);
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
  const identity = { user: flags.user, authUser: flags.authUser, domain: flags.domain };
  return { spec, profile, identity, expires, password, targets, alternatives };
}

/** The CLI's hooks: every event as a line (or a JSON record), and each failover said. */
export function registrationLines(reporter: Reporter): RegistrationHooks {
  return {
    onEvent: (e, target, label) => printEvent(e, label, target, reporter),
    onFailover: (_failed, next) =>
      reporter.info('register', `trying the next target: ${next.host} (${fmt(next)})`, {
        event: 'failover',
        target: fmt(next),
      }),
  };
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
