// `sipkit register`: register to a registrar (or to every target of an SRV name), report what the
// registrar granted, which bindings it holds and what address it saw, then un-register.
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { SipTarget } from '../../engine/discovery/discovery-types';
import {
  Registration,
  type RegistrationEvent,
  type RegistrationResult,
} from '../../engine/register/registration';
import { fmt } from '../../engine/transport/sip-transport';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { readPassword } from '../password';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';
import { parseLocal, RunSession } from '../session';
import { findTargets, parseServer, parseTransport, positiveNumber } from '../targets';

export interface RegisterFlags extends ProfileFlags {
  readonly server: string;
  readonly user: string;
  readonly authUser?: string;
  readonly domain?: string;
  readonly expires?: string;
  readonly allTargets?: boolean;
  readonly once?: boolean;
  readonly for?: string;
  readonly local?: string;
  readonly transport?: string;
}

export async function runRegister(
  flags: RegisterFlags,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  if (flags.once && flags.for !== undefined) throw new UsageError('--once and --for exclude each other');
  const spec = parseServer(flags.server);
  const transport = parseTransport(flags.transport) ?? spec.transport;
  const profile = loadProfile(flags);
  const expires =
    positiveNumber('--expires', flags.expires, { integer: true, min: 1 }) ?? profile.default_expires ?? 3600;
  const forSeconds = positiveNumber('--for', flags.for, { min: 0 });
  const local = parseLocal(flags.local);
  checkAgainstProfile(profile, expires, transport, spec.port, reporter);

  const password = await readPassword(flags.user);
  const discovery = await findTargets(spec, transport, reporter);
  const targets = flags.allTargets ? discovery.targets : discovery.targets.slice(0, 1);
  if (!flags.allTargets && discovery.targets.length > 1) {
    reporter.info(
      'discover',
      `${discovery.targets.length} targets; registering to the first. --all-targets registers to each (one registration per region)`,
    );
  }
  if (flags.allTargets && profile.registrars.length > 1 && targets.length < profile.registrars.length) {
    reporter.warn(
      'discover',
      `profile ${profile.name} has ${profile.registrars.length} regions but ${spec.host} gave ${targets.length} target(s): the PBX would be registered to one region only (rule reg.srv)`,
    );
  }

  const session = await RunSession.open(
    {
      kind: 'register',
      target: flags.server,
      profile: profile.name,
      params: {
        user: flags.user,
        authUser: flags.authUser,
        domain: flags.domain ?? spec.host,
        expires,
        allTargets: Boolean(flags.allTargets),
        mode: flags.once ? 'once' : forSeconds !== undefined ? `for ${forSeconds} s` : 'until stopped',
        targets: targets.map((t) => fmt(t)),
      },
    },
    local,
    (err) => reporter.warn('engine', err.message),
  );
  let ok = false;
  let summary = 'interrupted';
  // Problems after the first result (a refused refresh, a 429) mean the binding did not hold.
  const later: string[] = [];
  try {
    const regs = targets.map((target) => {
      const reg = new Registration(session.endpoint, {
        target,
        serverName: target.host,
        user: flags.user,
        authUser: flags.authUser,
        password,
        domain: flags.domain ?? spec.host,
        domainPort:
          flags.domain === undefined && spec.port !== undefined && spec.port !== 5060 ? spec.port : undefined,
        expires,
        minRefreshIntervalS: profile.min_register_interval,
        persistent: !flags.once,
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
    reporter.info('register', `local SIP port ${fmt(session.endpoint.local)}; run ${session.runId}`);
    const results = await Promise.race([Promise.all(regs.map((r) => r.start())), aborted(signal)]);
    if (results === 'aborted') {
      await Promise.all(regs.map((r) => r.stop()));
    } else {
      const registered = results.filter((r) => r.ok).length;
      if (!flags.once && registered > 0) {
        await waitFor(forSeconds, signal, reporter);
      }
      await Promise.all(regs.map((r) => r.stop()));
      const cleanUnregister = regs.every((r) => r.state === 'Unregistered');
      ok = registered === regs.length && cleanUnregister && later.length === 0;
      summary = describeOutcome(results, regs.length, cleanUnregister);
      if (later.length > 0) summary += `; but the registration did not hold: ${later.join('; ')}`;
    }
  } finally {
    await session.finish(ok, summary);
  }
  reporter.result(
    ok,
    `${summary}; ${session.messageCount} messages captured in run ${session.runId} (sipkit traces show ${session.runId})`,
    {
      run: session.runId,
      messages: session.messageCount,
    },
  );
  return ok ? EXIT_OK : EXIT_FAILED;
}

function describeOutcome(
  results: readonly RegistrationResult[],
  total: number,
  cleanUnregister: boolean,
): string {
  const registered = results.filter((r) => r.ok).length;
  if (registered === total)
    return `registered to ${total === 1 ? 'the registrar' : `all ${total} targets`}${cleanUnregister ? ', then un-registered' : ', but un-register failed'}`;
  const first = results.find((r): r is Extract<RegistrationResult, { ok: false }> => !r.ok);
  const why = first?.message ?? 'failed';
  return total === 1 ? why : `registered to ${registered} of ${total} targets; ${why}`;
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

function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

function waitFor(seconds: number | undefined, signal: AbortSignal, reporter: Reporter): Promise<void> {
  reporter.info(
    'register',
    seconds !== undefined
      ? `staying registered for ${seconds} s`
      : 'staying registered; press Ctrl-C to un-register and stop',
  );
  return new Promise((resolve) => {
    const timer = seconds !== undefined ? setTimeout(resolve, seconds * 1000) : undefined;
    const keepAlive = seconds === undefined ? setInterval(() => undefined, 1 << 30) : undefined;
    const done = (): void => {
      if (timer) clearTimeout(timer);
      if (keepAlive) clearInterval(keepAlive);
      resolve();
    };
    if (signal.aborted) done();
    else signal.addEventListener('abort', done, { once: true });
  });
}
