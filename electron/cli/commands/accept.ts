// `sipkit accept`: the acceptance test of a PBX and trunk before cut-over (issue 20). The checklist
// the profile implies, one line per row as it ends (with --json, one line per row change), and
// the verdict last. Exit 0 when ready, 1 when not ready (or incomplete), 2 for usage errors.
import type { AcceptanceRun, AcceptanceStep } from '../../../shared/ipc/schemas/acceptance';
import { resolveDataDir } from '../../store/data-dir';
import { openTargetFile, type StoredTarget } from '../../store/target-file';
import { runAcceptance } from '../../usecases/acceptance/acceptance-run';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { readPassword } from '../password';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';
import { openStore, parseLocal } from '../session';
import { parseServer, parseTransport, positiveNumber } from '../targets';

export interface AcceptFlags extends ProfileFlags {
  readonly server?: string;
  readonly target?: string;
  readonly to: string;
  readonly did?: string;
  readonly caps?: boolean;
  readonly site?: string;
  readonly note?: string;
  readonly timeLimit?: string;
  readonly user?: string;
  readonly authUser?: string;
  readonly domain?: string;
  readonly from?: string;
  readonly fromHost?: string;
  readonly expires?: string;
  readonly transport?: string;
  readonly local?: string;
}

const NUMBER = /^[^\s@<>;]+$/;

/** A saved target keeps an unset field as "" (the form's empty box): the same as not given here. */
function filled(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/**
 * A target the app saved (targets.json in the data folder), by name (any case) or id. Its password
 * stays in the app's keychain: the CLI asks for it as for any --user (SIPKIT_PASSWORD or a prompt).
 */
function savedTarget(wanted: string): StoredTarget {
  const notices: string[] = [];
  const targets = openTargetFile(resolveDataDir(), (line) => notices.push(line)).load();
  const key = wanted.trim().toLowerCase();
  const found = targets.find((t) => t.id === wanted || t.name.trim().toLowerCase() === key);
  if (found) return found;
  const names = targets.map((t) => `"${t.name}"`).join(', ');
  throw new UsageError(
    `--target ${wanted}: no saved target of that name or id${names ? ` (saved: ${names})` : ' (none saved in this data folder)'}${notices.length ? `; ${notices[0]}` : ''}`,
  );
}

export async function runAccept(
  flags: AcceptFlags,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const saved = flags.target !== undefined ? savedTarget(flags.target) : undefined;
  const server = flags.server ?? saved?.server;
  if (server === undefined)
    throw new UsageError('give --server HOST[:PORT], or --target NAME of a saved target');
  const spec = parseServer(server);
  // A server given here brings its own ;transport; a saved target's server comes with its transport.
  const transport =
    parseTransport(flags.transport) ??
    (flags.server === undefined ? saved?.transport : undefined) ??
    spec.transport;
  const profile = loadProfile({ ...flags, profile: flags.profile ?? saved?.profile ?? 'generic' });
  const user = flags.user ?? filled(saved?.user);
  const timeLimitS = positiveNumber('--time-limit', flags.timeLimit, { integer: true, min: 10 }) ?? 300;
  const expires = positiveNumber('--expires', flags.expires, { integer: true, min: 1 });
  if (!NUMBER.test(flags.to))
    throw new UsageError(`--to ${flags.to}: give a number or user, without spaces or @`);
  if (flags.did !== undefined && !NUMBER.test(flags.did))
    throw new UsageError(`--did ${flags.did}: give a number, without spaces or @`);
  const local = parseLocal(flags.local);
  const password = user ? await readPassword(user) : undefined;
  const store = openStore();
  const printed = new Map<string, string>();
  try {
    const run = await runAcceptance({
      store,
      target: {
        name: saved?.name ?? (user ? `${user}@${server}` : server),
        server,
        profile: profile.name,
        transport,
        user,
        authUser: flags.authUser ?? filled(saved?.authUser),
        domain: flags.domain ?? filled(saved?.domain),
        trunkName: flags.fromHost ?? filled(saved?.trunkName),
        callerId: flags.from ?? filled(saved?.callerId),
        localAddress: local.address ?? filled(saved?.localAddress),
        localPort: local.port ?? (saved?.localPort || undefined),
      },
      password,
      profile,
      expires,
      to: flags.to,
      did: flags.did,
      caps: Boolean(flags.caps),
      site: flags.site,
      note: flags.note,
      timeLimitS,
      signal,
      onUpdate: (r) => printChanges(r, printed, reporter),
      onError: (message) => reporter.warn('accept', message),
    });
    const failed = run.steps.filter((s) => s.status === 'fail');
    const summary =
      run.verdict === 'ready'
        ? `ready for cut-over: every step passed; run ${run.runId}`
        : run.verdict === 'not-ready'
          ? `NOT ready: ${failed.map((s) => s.title).join('; ')} failed; run ${run.runId}`
          : `incomplete (${run.state === 'done' ? 'a step could not run' : run.state}); run ${run.runId}`;
    reporter.result(run.verdict === 'ready', summary, { verdict: run.verdict, run });
    return run.verdict === 'ready' ? EXIT_OK : EXIT_FAILED;
  } finally {
    store.close();
  }
}

/** JSON: one line per step that changed. Readable: one line per step as it ends, its fix below. */
function printChanges(run: AcceptanceRun, printed: Map<string, string>, reporter: Reporter): void {
  for (const s of run.steps) {
    const key = reporter.json ? JSON.stringify(s) : s.status;
    if (printed.get(s.id) === key) continue;
    printed.set(s.id, key);
    if (reporter.json) reporter.info('step', s.title, { runId: run.runId, step: s });
    else if (s.status === 'pass' || s.status === 'fail' || s.status === 'skipped') printStep(s, reporter);
  }
}

const MARK = { pass: '✓ pass', fail: '✗ FAIL', skipped: '– skip' } as const;

function printStep(s: AcceptanceStep, reporter: Reporter): void {
  const mark = MARK[s.status as keyof typeof MARK];
  const figures = s.figures.map(
    (f) => `${f.label} ${f.value}${f.ok === false && f.expected ? ` (expected ${f.expected})` : ''}`,
  );
  const detail = s.status === 'pass' ? figures.join('; ') : (s.reason ?? '');
  reporter.info(s.kind, `${mark}  ${s.title}${detail ? `: ${detail}` : ''}`);
  if (s.status === 'fail' && s.fix)
    reporter.info(s.kind, `        fix: ${s.fix}${s.rules.length ? ` (${s.rules.join(', ')})` : ''}`);
}
