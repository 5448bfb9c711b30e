// `sipkit answer`: listen for inbound test calls (optionally on a registration's Contact, where a
// DID call arrives), answer or reject them, and report what each call presented.
import { CallRouter } from '../../engine/call/call-router';
import { defaultRequestHandler } from '../../engine/core/incoming-request';
import {
  DEFAULT_MAX_CALLS,
  InboundAnswerer,
  reasonPhrase,
  type AnswererEvent,
} from '../../engine/call/inbound-answerer';
import { rtpMediaFactory } from '../../engine/call/rtp-call-media';
import type { NotStoredCounts } from '../../engine/transport/capture-queue';
import { fmt } from '../../engine/transport/sip-transport';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import type { Reporter } from '../reporter';
import { createRegistrations } from '../../usecases/registrations';
import { aborted, withinMs } from '../../usecases/waiting';
import { planRegistrations, registrationLines, type RegistrationFlags } from '../registration-setup';
import { parseLocal, RunSession } from '../session';
import { positiveNumber } from '../targets';
import { waitFor } from '../waiting';
import { parseMediaMode, printMediaReport } from './call-output';

export interface AnswerFlags extends Partial<RegistrationFlags> {
  readonly listen?: string;
  readonly register?: boolean;
  readonly after?: string;
  readonly reject?: string;
  readonly for?: string;
  readonly maxHold?: string;
  readonly media?: string;
  readonly echo?: boolean;
  readonly calls?: string;
  readonly maxCalls?: string;
}

/** The whole stop (hang-ups, un-register, saving the run) fits in 2 s; this is the hang-ups' and un-registers' share. */
const STOP_GRACE_MS = 600;

export async function runAnswer(
  flags: AnswerFlags,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const local = parseLocal(flags.listen);
  const afterS = positiveNumber('--after', flags.after, { min: 0 }) ?? 1;
  const forS = positiveNumber('--for', flags.for, { min: 0 });
  const maxHoldS = positiveNumber('--max-hold', flags.maxHold, { min: 1 }) ?? 60;
  const stopAfterCalls = positiveNumber('--calls', flags.calls, { integer: true, min: 1 });
  const maxCalls =
    positiveNumber('--max-calls', flags.maxCalls, { integer: true, min: 1 }) ?? DEFAULT_MAX_CALLS;
  if (maxCalls > 500) throw new UsageError(`--max-calls ${flags.maxCalls}: at most 500 calls at once`);
  const reject = positiveNumber('--reject', flags.reject, { integer: true, min: 300 });
  if (reject !== undefined && reject > 699)
    throw new UsageError(`--reject ${flags.reject}: use a status from 300 to 699`);
  const media = parseMediaMode(flags.media ?? (flags.echo ? 'none' : 'tone'));
  if (flags.register && (!flags.server || !flags.user))
    throw new UsageError('--register needs --server and --user');
  const plan = flags.register ? await planRegistrations(flags as RegistrationFlags, reporter) : undefined;

  const session = await RunSession.open(
    {
      kind: 'answer',
      target: flags.listen ?? (flags.server ? `registered at ${flags.server}` : 'any'),
      profile: plan?.profile.name ?? 'generic',
      params: {
        listen: flags.listen,
        register: Boolean(flags.register),
        server: flags.server,
        user: flags.user,
        afterS,
        reject,
        maxHoldS,
        media,
        echo: Boolean(flags.echo),
        maxCalls,
      },
    },
    local,
    (err) => reporter.warn('engine', err.message),
  );
  const router = new CallRouter();
  session.endpoint.onRequest(router.handle);
  const registrations = plan
    ? createRegistrations(session.endpoint, plan, true, registrationLines(reporter))
    : undefined;
  let callsEnded = 0;
  let stopWaiting: (() => void) | undefined;
  const contactUser = flags.user ?? 'sipkit';
  const answerer = new InboundAnswerer(session.endpoint, {
    answerAfterS: afterS,
    rejectStatus: reject,
    maxHoldS,
    media,
    echo: Boolean(flags.echo),
    contactUser,
    maxCalls,
    router,
    mediaFactory: rtpMediaFactory({
      bindAddress: local.address ?? '0.0.0.0',
      echo: Boolean(flags.echo),
      onDigit: (d) => reporter.info('dtmf', `received digit ${d}`, { digit: d }),
    }),
    registrars: plan?.targets.map((t) => ({
      label: `${t.host} (${fmt(t)})`,
      address: t.address,
      port: t.port,
    })),
  });
  router.setFallback((r) => {
    if (!answerer.handle(r)) defaultRequestHandler(r);
  });
  answerer.onEvent((e) => {
    printAnswerEvent(e, reporter);
    if (e.type === 'ended') {
      callsEnded++;
      if (stopAfterCalls !== undefined && callsEnded >= stopAfterCalls) stopWaiting?.();
    }
  });

  const turnedAway = (): TurnedAway => ({ busy: answerer.busyRejected, ...session.endpoint.protection });

  let ok = false;
  let summary = 'interrupted';
  try {
    reporter.info(
      'answer',
      `listening on ${fmt(session.endpoint.local)} (UDP${session.endpoint.local.address === '0.0.0.0' ? ', all interfaces' : ''}); run ${session.runId}`,
      {
        event: 'listening',
        port: session.endpoint.local.port,
      },
    );
    if (registrations) {
      const results = await Promise.race([
        Promise.all(registrations.regs.map((r) => r.start())),
        aborted(signal),
      ]);
      if (results === 'aborted' || results.some((r) => !r.ok)) {
        summary = results === 'aborted' ? 'interrupted' : 'registration failed; not waiting for calls';
        throw new StopEarly();
      }
    }
    const controller = new AbortController();
    signal.addEventListener('abort', () => controller.abort(), { once: true });
    stopWaiting = () => controller.abort();
    await waitFor(
      forS,
      controller.signal,
      reporter,
      'answer',
      reject
        ? `rejecting calls with ${reject} ${reasonPhrase(reject)}`
        : `answering calls after ${afterS} s of ringing`,
    );
    await answerer.stopAll(STOP_GRACE_MS);
    const reports = answerer.reports;
    const good = reports.filter((r) =>
      reject
        ? r.outcome === 'rejected' && r.status === reject
        : r.outcome === 'completed' &&
          (media === 'none' && !flags.echo ? true : r.media?.verdict === 'two-way'),
    );
    ok = reports.length > 0 && good.length === reports.length && (registrations?.later.length ?? 0) === 0;
    summary =
      reports.length === 0 ? 'no call arrived' : `${reports.length} call(s), ${good.length} as expected`;
  } catch (err) {
    if (!(err instanceof StopEarly)) throw err;
  } finally {
    await answerer.stopAll(STOP_GRACE_MS);
    // Un-register, but a silent registrar must not hold the stop for its 32 s timeout.
    if (registrations) await withinMs(Promise.all(registrations.regs.map((r) => r.stop())), STOP_GRACE_MS);
    await session.finish(ok, summary, () => ({ turnedAway: turnedAway() }));
  }
  const notStored = session.notStored;
  reporter.result(
    ok,
    `${summary}; ${session.messageCount} messages in run ${session.runId}${describeNotStored(notStored)}${describeTurnedAway(turnedAway())}`,
    {
      run: session.runId,
      notStored,
      turnedAway: turnedAway(),
      calls: answerer.reports.map((r) => ({
        ...r.info,
        outcome: r.outcome,
        status: r.status,
        codec: r.codec,
        media: r.media,
        hungUpBy: r.hungUpBy,
        durationMs: r.durationMs,
      })),
    },
  );
  return ok ? EXIT_OK : EXIT_FAILED;
}

class StopEarly extends Error {}

interface TurnedAway {
  /** 486: the call cap (--max-calls) was reached. */
  readonly busy: number;
  /** 503 + Retry-After: a source above its rate, or the transaction table full. */
  readonly rateLimited: number;
  readonly tableFull: number;
  /** 400/416: requests missing or garbling mandatory headers. */
  readonly badRequests: number;
  /** Not answered: requests from a known scanning tool. */
  readonly scannerIgnored: number;
}

function describeNotStored(n: NotStoredCounts): string {
  if (n.total === 0) return '';
  // Of queueFull, `unprocessed` were read but dropped unhandled (more arrived than could be
  // handled): that is the flood's backlog, not the store falling behind.
  const storeBehind = n.queueFull - n.unprocessed;
  const why = [
    n.unprocessed ? `${n.unprocessed} not handled (more arrived than could be handled)` : '',
    storeBehind ? `${storeBehind} because the store could not keep up (queue full)` : '',
    n.tooLarge ? `${n.tooLarge} too large` : '',
  ].filter(Boolean);
  return `; ${n.total} not stored: ${why.join(', ')}`;
}

function describeTurnedAway(t: TurnedAway): string {
  const parts = [
    t.busy ? `${t.busy} busy (486, call cap)` : '',
    t.rateLimited ? `${t.rateLimited} rate-limited (503)` : '',
    t.tableFull ? `${t.tableFull} refused with a full table (503)` : '',
    t.badRequests ? `${t.badRequests} malformed (400)` : '',
    t.scannerIgnored ? `${t.scannerIgnored} from a scanner (not answered)` : '',
  ].filter(Boolean);
  return parts.length ? `; turned away: ${parts.join(', ')}` : '';
}

function printAnswerEvent(e: AnswererEvent, reporter: Reporter): void {
  switch (e.type) {
    case 'incoming': {
      const i = e.info;
      reporter.info(
        'incoming',
        `← INVITE ${i.requestUri} from ${i.source.address}:${i.source.port}${i.deliveredBy ? ` via ${i.deliveredBy}` : ''}`,
        { event: 'incoming', ...i },
      );
      reporter.info('caller', `From: ${i.from}`, {});
      if (i.callerNumber || i.callerName)
        reporter.info(
          'caller',
          `caller ID shown: ${i.callerName ? `"${i.callerName}" ` : ''}${i.callerNumber ?? ''}`,
          {},
        );
      if (i.pAssertedIdentity) reporter.info('caller', `P-Asserted-Identity: ${i.pAssertedIdentity}`, {});
      if (i.remotePartyId) reporter.info('caller', `Remote-Party-ID: ${i.remotePartyId}`, {});
      if (i.privacy) reporter.info('caller', `Privacy: ${i.privacy}`, {});
      for (const d of i.diversion) reporter.info('caller', `Diversion: ${d}`, {});
      for (const h of i.historyInfo) reporter.info('caller', `History-Info: ${h}`, {});
      return;
    }
    case 'answered':
      reporter.info('answer', `→ 200 OK: answered (${e.codec})`, {
        event: 'answered',
        callId: e.callId,
        codec: e.codec,
      });
      return;
    case 'ended': {
      const r = e.report;
      if (r.media) printMediaReport(r.media, reporter);
      reporter.info('answer', `call ended: ${r.message}`, {
        event: 'ended',
        outcome: r.outcome,
        status: r.status,
        callId: r.info.callId,
      });
      return;
    }
  }
}
