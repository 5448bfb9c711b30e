// `sipkit call`: an outbound test call through a trunk or PBX, with media and metrics. Exit 0 only
// when the call was answered and, with media on, audio flowed both ways.
import { uriHostOf } from '../../engine/discovery/parse-server';
import { rtpMediaFactory } from '../../engine/call/rtp-call-media';
import { CallRouter } from '../../engine/call/call-router';
import type { MediaMode } from '../../engine/call/call-media';
import type { CallEvent, CallReport } from '../../engine/call/call-types';
import { OutboundCall } from '../../engine/call/outbound-call';
import { fmt } from '../../engine/transport/sip-transport';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { readPassword } from '../password';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';
import { parseLocal, RunSession } from '../session';
import { findTargets, parseServer, parseTransport, positiveNumber } from '../targets';
import { parseHeaders, parseMediaMode, printMediaReport } from './call-output';

export interface CallFlags extends ProfileFlags {
  readonly server: string;
  readonly to: string;
  readonly from?: string;
  readonly fromHost?: string;
  readonly fromName?: string;
  readonly user?: string;
  readonly hold?: string;
  readonly ringTimeout?: string;
  readonly media?: string;
  readonly dtmf?: string;
  readonly pai?: string;
  readonly rpid?: string;
  readonly privacy?: string;
  readonly header?: readonly string[];
  readonly local?: string;
  readonly transport?: string;
}

export async function runCall(flags: CallFlags, reporter: Reporter, signal: AbortSignal): Promise<number> {
  const spec = parseServer(flags.server);
  const transport = parseTransport(flags.transport) ?? spec.transport;
  const profile = loadProfile(flags);
  const holdS = positiveNumber('--hold', flags.hold, { min: 0 }) ?? 5;
  const ringTimeoutS = positiveNumber('--ring-timeout', flags.ringTimeout, { min: 1 }) ?? 30;
  const media: MediaMode = parseMediaMode(flags.media);
  if (flags.dtmf !== undefined && !/^[0-9*#A-Da-d]+$/.test(flags.dtmf)) {
    throw new UsageError(`--dtmf ${flags.dtmf}: digits 0-9, *, # and A-D only`);
  }
  if (!/^[^\s@<>;]+$/.test(flags.to))
    throw new UsageError(`--to ${flags.to}: give a number or user, without spaces or @`);
  const extra = parseHeaders(flags.header ?? []);
  const local = parseLocal(flags.local);
  const fromHost = flags.fromHost ?? profile.trunk_name ?? spec.host;
  const fromUser = flags.from ?? flags.user ?? 'sipkit';
  // Rule trunk.from-host: an IP-authenticated trunk refuses a From host that is not its name.
  if (profile.trunk_name && fromHost !== profile.trunk_name) {
    reporter.warn(
      'profile',
      `From host ${fromHost} is not the trunk name ${profile.trunk_name}: ${profile.name} will likely refuse the call (rule trunk.from-host)`,
    );
  }
  const password = flags.user ? await readPassword(flags.user) : undefined;
  const discovery = await findTargets(spec, transport, reporter);
  const target = discovery.targets[0]!;
  const headers: [string, string][] = [];
  if (flags.pai)
    headers.push(['P-Asserted-Identity', flags.pai.startsWith('<') ? flags.pai : `<${flags.pai}>`]);
  if (flags.rpid) headers.push(['Remote-Party-ID', flags.rpid]);
  if (flags.privacy) headers.push(['Privacy', flags.privacy]);
  headers.push(...extra);

  const session = await RunSession.open(
    {
      kind: 'call',
      target: flags.server,
      profile: profile.name,
      params: {
        to: flags.to,
        fromUser,
        fromHost,
        user: flags.user,
        holdS,
        ringTimeoutS,
        media,
        dtmf: flags.dtmf,
        target: fmt(target),
      },
    },
    local,
    (err) => reporter.warn('engine', err.message),
  );
  const router = new CallRouter();
  session.endpoint.onRequest(router.handle);
  const bindAddress = local.address ?? (await session.endpoint.contactAddressFor(target)).address;
  const call = new OutboundCall(session.endpoint, {
    target,
    serverName: target.host,
    to: flags.to,
    toHost: uriHostOf(spec),
    fromUser,
    fromHost,
    fromDisplay: flags.fromName,
    credentials: flags.user && password !== undefined ? { user: flags.user, password } : undefined,
    extraHeaders: headers,
    ringTimeoutS,
    holdS,
    media,
    dtmf: flags.dtmf,
    mediaFactory: rtpMediaFactory({
      bindAddress,
      onDigit: (d) => reporter.info('dtmf', `received digit ${d}`, { digit: d }),
    }),
    router,
  });
  call.onEvent((e) => printCallEvent(e, reporter));
  const onAbort = (): void => call.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  reporter.info(
    'call',
    `local SIP port ${fmt(session.endpoint.local)} → ${fmt(target)}; run ${session.runId}`,
  );
  let report: CallReport | undefined;
  try {
    report = await call.run();
  } finally {
    signal.removeEventListener('abort', onAbort);
    const ok = report ? callOk(report, media) : false;
    await session.finish(ok, report?.message ?? 'the call did not finish');
  }
  if (report.media && report.answered) printMediaReport(report.media, reporter);
  const ok = callOk(report, media);
  const m = report.metrics;
  reporter.result(ok, `${report.message}; ${session.messageCount} messages in run ${session.runId}`, {
    run: session.runId,
    outcome: report.outcome,
    answered: report.answered,
    callId: report.callId,
    status: report.finalStatus,
    reason: report.finalReason,
    warning: report.warning,
    retryAfterS: report.retryAfterS,
    contacts: report.contacts,
    hungUpBy: report.hungUpBy,
    timeToFirstProvisionalMs: m.timeToFirstProvisionalMs,
    postDialDelayMs: m.postDialDelayMs,
    timeToAnswerMs: m.timeToAnswerMs,
    durationMs: m.durationMs,
    codec: report.codec,
    media: report.media,
    dtmfSent: report.dtmfSent,
    sdpFindings: report.sdpFindings,
  });
  return ok ? EXIT_OK : EXIT_FAILED;
}

function callOk(report: CallReport, media: MediaMode): boolean {
  return (
    report.answered &&
    report.outcome === 'completed' &&
    (media === 'none' || report.media?.verdict === 'two-way')
  );
}

function printCallEvent(e: CallEvent, reporter: Reporter): void {
  switch (e.type) {
    case 'sending':
      reporter.info(
        'call',
        `→ INVITE ${e.requestUri} (CSeq ${e.cseq}${e.authorized ? ', with credentials' : ''})`,
        { event: 'sending', cseq: e.cseq },
      );
      return;
    case 'invite-sent':
      // The first send is the 'sending' line; say each retransmission (RFC 3261 timer A).
      if (e.count > 1)
        reporter.info(
          'call',
          `→ INVITE sent ${e.count}× without an answer, giving up in ${Math.ceil(e.giveUpInMs / 1000)} s`,
          { event: 'invite-sent', count: e.count, giveUpInMs: e.giveUpInMs },
        );
      return;
    case 'provisional':
      reporter.info(
        'call',
        `← ${e.status} ${e.reason} after ${Math.round(e.atMs)} ms${e.earlyMedia ? ' (early media)' : ''}`,
        { event: 'provisional', status: e.status, atMs: e.atMs, earlyMedia: e.earlyMedia },
      );
      return;
    case 'challenged':
      reporter.info('auth', `← ${e.status} challenge: realm "${e.realm}", algorithm ${e.algorithm}`, {
        event: 'challenged',
        status: e.status,
      });
      return;
    case 'answered':
      reporter.info(
        'call',
        `✓ answered after ${Math.round(e.atMs)} ms: ${e.codec}, far side's media at ${e.remoteMedia.address}:${e.remoteMedia.port}`,
        { event: 'answered', atMs: e.atMs, codec: e.codec, remoteMedia: e.remoteMedia },
      );
      for (const f of e.findings) reporter.warn('sdp', f.message, { rule: f.rule, kind: f.kind });
      return;
    case 'cancelling':
      reporter.info(
        'call',
        e.why === 'ring-timeout'
          ? '→ CANCEL: nobody answered before the ring timeout'
          : '→ CANCEL: stopped while ringing',
        { event: 'cancelling', why: e.why },
      );
      return;
    case 'in-dialog':
      reporter.info('call', `← ${e.method} from the far side, answered ${e.answered}`, {
        event: 'in-dialog',
        method: e.method,
      });
      return;
    case 'dtmf-sent':
      reporter.info('dtmf', `sent ${e.digits} (RFC 4733)`, { event: 'dtmf-sent', digits: e.digits });
      return;
    case 'hangup':
      reporter.info('call', e.by === 'us' ? '→ BYE: hanging up' : '← BYE: the far side hung up', {
        event: 'hangup',
        by: e.by,
      });
      return;
    case 'warning':
      reporter.warn('call', e.message);
      return;
  }
}
