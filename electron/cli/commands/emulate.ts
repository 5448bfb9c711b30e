// `sipkit emulate`: be the provider for the customer's PBX before cut-over. The PBX registers to
// and calls through this machine as it would to the provider; every answer follows the profile's
// rules and every rule the PBX breaks is a finding in the same run. Listens only where told.
import { hostPort } from '../../../shared/sip/address-text';
import type { Endpoint } from '../../../shared/trace-types';
import {
  DEFAULT_DID_CALLER,
  DEFAULT_PROVIDER_CALLER_ID,
  type EmulatorEvent,
} from '../../engine/emulator/provider-emulator';
import { isIpAuthenticated } from '../../engine/emulator/trunk-policy';
import { startEmulatorRun, type EmulatorRun } from '../../usecases/emulator-run';
import { ListenAddressError, parseEmulatorListen } from '../../usecases/emulator-listen';
import { describeEmulatorEvent, pbxInstructions } from '../../usecases/emulator-lines';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { readPassword } from '../password';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';
import { openStore } from '../session';
import { positiveNumber } from '../targets';
import { waitFor } from '../waiting';

export interface EmulateFlags extends ProfileFlags {
  readonly listen?: string;
  readonly region?: readonly string[];
  readonly user?: readonly string[];
  readonly realm?: string;
  readonly for?: string;
  readonly callPbx?: string;
  readonly callsToPbx?: string;
  readonly caller?: string;
  readonly providerCallerId?: string;
  readonly hold?: string;
  readonly lockoutFailures?: string;
  readonly lockoutSeconds?: string;
  readonly blockAfter?: string;
  readonly blockSeconds?: string;
}

export async function runEmulate(
  flags: EmulateFlags,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  if (!flags.listen)
    throw new UsageError('--listen ADDR:PORT is required: the emulator binds only where told');
  const listen = [flags.listen, ...(flags.region ?? [])].map((v) => parseListen(v));
  const profile = loadProfile(profileFlags(flags));
  const forS = positiveNumber('--for', flags.for, { min: 0 });
  const holdS = positiveNumber('--hold', flags.hold, { min: 1 }) ?? 5;
  const callsToPbx = positiveNumber('--calls-to-pbx', flags.callsToPbx, { integer: true, min: 1 }) ?? 1;
  const maxFailures = positiveNumber('--lockout-failures', flags.lockoutFailures, { integer: true, min: 1 });
  const lockSeconds = positiveNumber('--lockout-seconds', flags.lockoutSeconds, { min: 1 });
  const blockAfter = positiveNumber('--block-after', flags.blockAfter, { integer: true, min: 1 });
  const blockSeconds = positiveNumber('--block-seconds', flags.blockSeconds, { min: 1 });
  const users = flags.user ?? [];
  const ipAuth = isIpAuthenticated(profile);
  if (!ipAuth && users.length === 0)
    throw new UsageError(
      `${profile.name} is a registration trunk: name the PBX's credentials with --user NAME`,
    );
  const passwords = new Map<string, string>();
  for (const user of users) passwords.set(user, await readPassword(user));

  const store = openStore();
  let run: EmulatorRun;
  try {
    run = await startEmulatorRun({
      store,
      profile,
      listen,
      passwords,
      realm: flags.realm,
      lockout: {
        ...(maxFailures === undefined ? {} : { maxFailures }),
        ...(lockSeconds === undefined ? {} : { lockMs: lockSeconds * 1000 }),
      },
      intervalBlock: {
        ...(blockAfter === undefined ? {} : { maxFailures: blockAfter }),
        ...(blockSeconds === undefined ? {} : { lockMs: blockSeconds * 1000 }),
      },
      onEvent: (e) => printEvent(e, reporter),
      onFinding: (f) =>
        reporter.warn('finding', `${f.severity} ${f.rule}: ${f.title}`, {
          event: 'finding',
          rule: f.rule,
          severity: f.severity,
          title: f.title,
        }),
      onError: (message) => reporter.warn('emulate', message),
    });
  } catch (err) {
    store.close();
    throw new UsageError((err as Error).message);
  }
  const status = run.status();
  reporter.info(
    'emulate',
    `emulating ${profile.name} (${ipAuth ? 'IP-authenticated trunk' : 'registration trunk'}) on ${status.regions.map((r) => `${hostPort(r.address, r.port)} UDP${profile.transport === 'udp' ? '' : '+TCP'}`).join(', ')}; run ${run.runId}`,
    { event: 'listening', run: run.runId, regions: status.regions, realm: status.realm },
  );
  reporter.info('emulate', pbxInstructions(profile, status.regions, users, status.realm), {
    event: 'instructions',
  });
  if (profile.registrars.length > listen.length)
    reporter.info(
      'emulate',
      `${profile.name} has ${profile.registrars.length} regions; add --region ADDR:PORT to emulate the others (inbound calls go round robin over every region)`,
    );

  let ok: boolean;
  // Calls to the PBX stop with the emulator, whether --for ran out or Ctrl-C came.
  const done = new AbortController();
  signal.addEventListener('abort', () => done.abort(), { once: true });
  const placing = flags.callPbx
    ? placeCalls(run, flags, callsToPbx, holdS, reporter, done.signal)
    : Promise.resolve(0);
  try {
    await waitFor(forS, signal, reporter, 'emulate', 'answering as the provider');
  } finally {
    done.abort();
    const ending = run.stop();
    const answered = await placing;
    const end = await ending;
    store.close();
    const s = run.status();
    const errors = end.findings.filter((f) => f.severity === 'error').length;
    ok = errors === 0 && (flags.callPbx === undefined || answered === callsToPbx);
    reporter.result(
      ok,
      `${s.counts.registrations} registration(s) granted, ${s.counts.refusedRegistrations} refused; ${s.counts.callsFromPbx} call(s) from the PBX, ${s.counts.refusedCalls} refused; ${s.counts.callsToPbx} call(s) to the PBX${flags.callPbx ? `, ${answered} answered` : ''}; ${end.findings.length} finding(s), ${errors} error(s); ${s.lockedOut.length} source(s) locked out; ${end.messages} messages in run ${run.runId}`,
      {
        run: run.runId,
        counts: s.counts,
        lockedOut: s.lockedOut,
        bindings: s.bindings,
        findings: end.findings.map((f) => ({ rule: f.rule, severity: f.severity, title: f.title })),
        notStored: end.notStored,
      },
    );
  }
  return ok ? EXIT_OK : EXIT_FAILED;
}

/** Once the PBX has registered, the DID calls, one after the other; resolves to how many were answered. */
async function placeCalls(
  run: EmulatorRun,
  flags: EmulateFlags,
  count: number,
  holdS: number,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  while (run.status().bindings.length === 0) {
    if (signal.aborted) return 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  let answered = 0;
  for (let i = 0; i < count && !signal.aborted; i++) {
    try {
      const result = await run.callPbx({
        did: flags.callPbx ?? '',
        caller: flags.caller ?? DEFAULT_DID_CALLER,
        providerCallerId: flags.providerCallerId ?? DEFAULT_PROVIDER_CALLER_ID,
        holdS,
      });
      if (result.missed) {
        reporter.warn('to-pbx', `call ${i + 1}: ${result.detail}`, {
          event: 'to-pbx',
          region: result.region + 1,
          answered: false,
          missed: true,
        });
        continue;
      }
      if (result.report.answered) answered++;
      reporter.info('to-pbx', `call ${i + 1}: ${result.report.message}`, {
        event: 'to-pbx',
        region: result.region + 1,
        answered: result.report.answered,
        status: result.report.finalStatus,
        fromUser: result.fromUser,
        media: result.report.media?.verdict,
      });
    } catch (err) {
      reporter.warn('to-pbx', (err as Error).message);
    }
  }
  return answered;
}

function printEvent(e: EmulatorEvent, reporter: Reporter): void {
  const line = describeEmulatorEvent(e);
  const data = { ...e, event: e.type };
  if (line.warn) reporter.warn(line.kind, line.text, data);
  else reporter.info(line.kind, line.text, data);
}

function profileFlags(flags: EmulateFlags): ProfileFlags {
  // --profile FILE: a profile of one's own, as --profile-file takes it.
  const p = flags.profile;
  if (p !== undefined && (p.includes('/') || p.toLowerCase().endsWith('.json')))
    return { ...flags, profile: undefined, profileFile: p };
  return flags;
}

function parseListen(value: string): Endpoint {
  try {
    return parseEmulatorListen(value);
  } catch (err) {
    if (err instanceof ListenAddressError) throw new UsageError(`--listen/--region ${err.message}`);
    throw err;
  }
}
