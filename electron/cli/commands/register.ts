// `sipkit register`: register to a registrar (or to every target of an SRV name), report what the
// registrar granted, which bindings it holds and what address it saw, then un-register.
import type { RegistrationResult } from '../../engine/register/registration';
import { fmt } from '../../engine/transport/sip-transport';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import type { Reporter } from '../reporter';
import { startWithFailover } from '../../usecases/registrations';
import { planRegistrations, registrationLines, type RegistrationFlags } from '../registration-setup';
import { parseLocal, RunSession } from '../session';
import { positiveNumber } from '../targets';
import { waitFor } from '../waiting';

export interface RegisterFlags extends RegistrationFlags {
  readonly once?: boolean;
  readonly for?: string;
  readonly local?: string;
}

export async function runRegister(
  flags: RegisterFlags,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  if (flags.once && flags.for !== undefined) throw new UsageError('--once and --for exclude each other');
  const forSeconds = positiveNumber('--for', flags.for, { min: 0 });
  const local = parseLocal(flags.local);
  const plan = await planRegistrations(flags, reporter);
  const { spec, profile, expires, targets } = plan;

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
  try {
    reporter.info('register', `local SIP port ${fmt(session.endpoint.local)}; run ${session.runId}`);
    const { started, results } = await startWithFailover(
      session.endpoint,
      plan,
      !flags.once,
      signal,
      registrationLines(reporter),
    );
    const { regs, later } = started;
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
