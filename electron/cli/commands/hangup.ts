// `sipkit hangup RUN`: ends the calls a run left up on the far side, typically a load run whose
// sipkit was killed (kill -9, a crash) with calls held. The calls are read from the run's stored
// messages (answered 2xx, no BYE completed) and each gets a BYE built from its stored 200 OK. It is
// stored as a run of its own; exit 0 when every call was confirmed ended (200, or 481: already gone).
import type { RunRecord, StoredSummary } from '../../../shared/trace-types';
import { runSummaries } from '../../analysis/interrupted-runs';
import { findOpenDialogs, type OpenDialog } from '../../analysis/open-dialogs';
import { SipEndpoint } from '../../engine/core/sip-endpoint';
import {
  endStoredDialog,
  type Credentials,
  type HangupOutcome,
  type StoredCall,
} from '../../engine/dialog/end-stored-dialog';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { readPassword } from '../password';
import type { Reporter } from '../reporter';
import type { TraceStore } from '../../store/trace-store';
import { openStore, parseLocal } from '../session';
import { positiveNumber } from '../targets';

/** BYEs in flight at once: enough to end a few hundred held calls in seconds, gentle on a PBX. */
const PARALLEL = 20;

export async function runHangup(
  runArg: string,
  flags: { local?: string },
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const runId = positiveNumber('RUN', runArg, { integer: true, min: 1 })!;
  const local = parseLocal(flags.local);
  const store = openStore();
  try {
    const run = store.getRun(runId);
    if (!run) throw new UsageError(`there is no run ${runId}: see sipkit traces list`);
    if (run.endedAtMicros === undefined) {
      throw new UsageError(`run ${runId} is still running in another sipkit; stop that one (Ctrl-C) instead`);
    }
    const open = findOpenDialogs(callMessages(store, runId));
    if (open.length === 0) {
      reporter.result(true, `run ${runId}: no call of it may still be up`, { of: runId, calls: 0 });
      return EXIT_OK;
    }
    const hangupRun = store.createRun({
      kind: 'hangup',
      target: run.target,
      profile: run.profile,
      params: { of: runId, calls: open.length },
    });
    const endpoint = await SipEndpoint.open({
      bindAddress: local.address,
      port: local.port,
      tcp: open.some((d) => d.answer.transport === 'tcp'),
      capture: { capture: (m) => store.append(hangupRun, m) },
      onError: (err) => reporter.warn('hangup', err.message),
    });
    reporter.info('hangup', `run ${runId}: sending BYE for ${open.length} call(s) that may still be up`, {
      of: runId,
      run: hangupRun,
      calls: open.length,
    });
    const tally = { confirmed: 0, gone: 0, failed: 0 };
    try {
      const credentials = credentialsOf(run);
      for (let i = 0; i < open.length && !signal.aborted; i += PARALLEL) {
        await Promise.all(
          open.slice(i, i + PARALLEL).map(async (d) => {
            const outcome = await hangUpOne(store, endpoint, d, credentials);
            tally[outcome.kind]++;
            reporter.info('bye', `${d.callId}: ${describe(outcome)}`, { callId: d.callId, ...outcome });
          }),
        );
      }
    } finally {
      await endpoint.close();
    }
    const notSent = open.length - tally.confirmed - tally.gone - tally.failed;
    const summary =
      `run ${runId}: ${tally.confirmed} of ${open.length} call(s) confirmed ended` +
      (tally.gone ? `, ${tally.gone} already gone (481)` : '') +
      (tally.failed ? `, ${tally.failed} not confirmed` : '') +
      (notSent ? `, ${notSent} not sent (stopped)` : '');
    const ok = tally.failed === 0 && notSent === 0;
    store.finishRun(hangupRun, { ok, summary, params: { ...tally, notSent } });
    reporter.result(ok, `${summary}; stored as run ${hangupRun}`, {
      of: runId,
      run: hangupRun,
      calls: open.length,
      ...tally,
      notSent,
    });
    return ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    store.close();
  }
}

/**
 * The run's messages, then those of earlier `sipkit hangup` runs for it: a call whose BYE was
 * answered there is over, so running the command twice does not send the BYEs again.
 */
function* callMessages(store: TraceStore, runId: number): Generator<StoredSummary> {
  yield* runSummaries(store, runId);
  const earlier = store
    .listRuns()
    .filter((r) => r.kind === 'hangup' && r.params?.of === runId)
    .sort((a, b) => a.startedAtMicros - b.startedAtMicros);
  for (const r of earlier) yield* runSummaries(store, r.id);
}

async function hangUpOne(
  store: TraceStore,
  endpoint: SipEndpoint,
  d: OpenDialog<StoredSummary>,
  credentials: Credentials | undefined,
): Promise<HangupOutcome> {
  try {
    // The bytes of just the two messages the BYE is built from.
    const invite = store.messageById(d.invite.id);
    const answer = store.messageById(d.answer.id);
    if (!invite || !answer) return { kind: 'failed', reason: 'its INVITE or 200 OK is no longer stored' };
    const call: StoredCall = {
      invite: invite.raw,
      answer: answer.raw,
      lastCseq: d.lastCseq,
      answeredFrom: { ...d.answer.remote, transport: d.answer.transport },
    };
    return await endStoredDialog(endpoint, call, credentials);
  } catch (err) {
    return { kind: 'failed', reason: (err as Error).message };
  }
}

/** The run's digest user, if it had one; the password comes from SIPKIT_PASSWORD or a prompt, once. */
function credentialsOf(run: RunRecord): Credentials | undefined {
  const user = run.params?.user;
  if (typeof user !== 'string' || user === '') return undefined;
  let asked: Promise<string> | undefined;
  return { user, password: () => (asked ??= readPassword(user)) };
}

function describe(o: HangupOutcome): string {
  switch (o.kind) {
    case 'confirmed':
      return `ended (${o.status})`;
    case 'gone':
      return 'already gone (481: the far side had no such call any more)';
    case 'failed':
      return `not confirmed: ${o.reason}`;
  }
}
