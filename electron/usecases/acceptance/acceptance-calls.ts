// The call rows of the checklist. Outbound: answered, two-way audio (the media verdict), DTMF both
// ways (RFC 4733 events sent and heard back), post-dial delay, caller ID as sent (E.164 where the
// profile requires it, From host = trunk name on an IP-authenticated trunk). Inbound: a loop test,
// a call to the DID placed out through the trunk and received back on our own registration, so
// the caller ID that arrives, the region that delivered it and the audio are seen from both ends.
import type { AcceptanceFigure } from '../../../shared/ipc/schemas/acceptance';
import { isE164, e164Problem } from '../../../shared/diagnostics/rules/trunk-e164';
import { explainStatus } from '../../../shared/diagnostics/status-explanations';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import type { MediaReport } from '../../engine/call/call-media';
import type { CallRouter } from '../../engine/call/call-router';
import type { CallReport } from '../../engine/call/call-types';
import type { InboundAnswerer, InboundCallReport } from '../../engine/call/inbound-answerer';
import { OutboundCall } from '../../engine/call/outbound-call';
import { rtpMediaFactory } from '../../engine/call/rtp-call-media';
import type { SipEndpoint } from '../../engine/core/sip-endpoint';
import type { SipTarget } from '../../engine/discovery/discovery-types';
import { aborted } from '../waiting';
import type { AcceptanceBoard, StepPatch } from './acceptance-board';

export interface CallContext {
  readonly endpoint: SipEndpoint;
  readonly router: CallRouter;
  readonly server: SipTarget;
  /** Request-URI and To host: the trunk's domain. */
  readonly toHost: string;
  readonly profile: ProviderProfile;
  readonly fromUser: string;
  readonly fromHost: string;
  readonly credentials?: { readonly user: string; readonly password: string };
  /** Our RTP address. */
  readonly bindAddress: string;
  readonly signal: AbortSignal;
}

/** Digits sent as RFC 4733 events on the outbound call; an echo test number sends them back. */
export const DTMF_DIGITS = '19#';
const HOLD_S = 4;
const RING_TIMEOUT_S = 20;
/** How long the loop's first leg stays up waiting for the DID call to reach us. */
const LOOP_WAIT_S = 8;

function placeCall(ctx: CallContext, to: string, holdS: number, dtmf?: string): OutboundCall {
  return new OutboundCall(ctx.endpoint, {
    target: ctx.server,
    serverName: ctx.server.host,
    to,
    toHost: ctx.toHost,
    fromUser: ctx.fromUser,
    fromHost: ctx.fromHost,
    credentials: ctx.credentials,
    ringTimeoutS: RING_TIMEOUT_S,
    holdS,
    media: 'tone',
    dtmf,
    mediaFactory: rtpMediaFactory({ bindAddress: ctx.bindAddress }),
    router: ctx.router,
  });
}

/** Runs a call to its end; an Abort hangs it up (BYE, or CANCEL while ringing). */
async function runCall(call: OutboundCall, signal: AbortSignal): Promise<CallReport> {
  const stop = (): void => call.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    return await call.run();
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

export async function checkCallOut(board: AcceptanceBoard, ctx: CallContext, to: string): Promise<void> {
  board.start('call-out');
  const report = await runCall(placeCall(ctx, to, HOLD_S, DTMF_DIGITS), ctx.signal);
  // Cut short by Abort or the time limit: no verdict on half a call (the run skips it, saying why).
  if (ctx.signal.aborted) return;
  const evidence = [{ text: `the outbound call to ${to}`, callId: report.callId }];
  const { status, ...verdict } = judgeCallOut(report, ctx, to);
  board.end('call-out', status, { ...verdict, evidence });
}

function judgeCallOut(
  report: CallReport,
  ctx: CallContext,
  to: string,
): StepPatch & { readonly status: 'pass' | 'fail' } {
  const { profile, fromUser, fromHost } = ctx;
  const figures: AcceptanceFigure[] = [];
  const problems: { reason: string; fix: string; rule?: string }[] = [];
  const trunk = profile.trunk_name;
  const hostOk = trunk === undefined || trunk.toLowerCase() === fromHost.toLowerCase();
  figures.push({
    label: 'Caller ID sent',
    value: `${fromUser}@${fromHost}`,
    expected: trunk !== undefined ? `From host ${trunk} (trunk name)` : undefined,
    ok: trunk !== undefined ? hostOk : undefined,
  });
  if (!hostOk) {
    problems.push({
      rule: 'trunk.from-host',
      reason: `From host ${fromHost} is not the trunk name ${trunk}`,
      fix: `Set the From host (From domain) of calls on this trunk to the trunk name ${trunk}: an IP-authenticated trunk refuses any other.`,
    });
  }
  if (profile.e164_required) {
    for (const [what, number] of [
      ['caller number', fromUser],
      ['called number', to],
    ] as const) {
      const problem = e164Problem(number);
      figures.push({
        label: `E.164 ${what}`,
        value: number,
        expected: '+ and 8–15 digits',
        ok: isE164(number),
      });
      if (problem) {
        problems.push({
          rule: 'trunk.e164',
          reason: `the ${what} ${number} is not E.164: ${problem.why}`,
          fix: `Send the ${what} in E.164${problem.suggestion ? ` (${problem.suggestion})` : ' (+, country code, number)'}: ${profile.name} requires it.`,
        });
      }
    }
  }
  if (!report.answered) {
    const status = report.finalStatus;
    figures.push({ label: 'Answer', value: report.message, expected: '200 OK', ok: false });
    if (hostOk || status !== 403) {
      problems.push({
        rule: status !== undefined && status >= 400 ? 'sip.failure-response' : undefined,
        reason: report.message,
        fix:
          status !== undefined && status >= 400
            ? explainStatus(status).fix
            : `Nothing answered the call: check that ${to} is a number that answers, and the route to ${ctx.server.host}.`,
      });
    }
    return failOrPass(figures, problems);
  }
  const m = report.metrics;
  figures.push({
    label: 'Answer',
    value: `${report.finalStatus ?? 200} after ${Math.round(m.timeToAnswerMs ?? 0)} ms`,
  });
  figures.push({
    label: 'Post-dial delay',
    value:
      m.postDialDelayMs !== undefined
        ? `${Math.round(m.postDialDelayMs)} ms`
        : 'no ringing (180/183) before the answer',
  });
  if (report.codec) figures.push({ label: 'Codec', value: report.codec });
  const media = report.media;
  audio(media, 'the outbound call', figures, problems);
  if (media?.verdict === 'two-way') {
    // Only an answer that sends audio back can send the digits back: judged on two-way calls.
    const heard = media.dtmfReceived;
    const both = heard.includes(DTMF_DIGITS);
    figures.push({ label: 'DTMF sent', value: report.dtmfSent ?? '' });
    figures.push({ label: 'DTMF heard back', value: heard || 'none', expected: DTMF_DIGITS, ok: both });
    if (!both) {
      problems.push({
        reason: `the digits ${DTMF_DIGITS} were sent as RFC 4733 events and ${heard ? `only ${heard}` : 'none'} came back`,
        fix: 'Set DTMF to RFC 2833/4733 (telephone-event) on the PBX and the trunk, not SIP INFO or in-band, and call an echo test number with --to.',
      });
    }
  }
  return failOrPass(figures, problems);
}

/** The media verdict of one leg, as a figure and, when audio is not two-way, a problem with its fix. */
function audio(
  media: MediaReport | undefined,
  leg: string,
  figures: AcceptanceFigure[],
  problems: { reason: string; fix: string; rule?: string }[],
): void {
  figures.push({
    label: `Audio (${leg})`,
    value: media ? media.message : 'no media',
    expected: 'two-way',
    ok: media?.verdict === 'two-way',
  });
  if (media?.verdict === 'two-way') return;
  const fix =
    media?.verdict === 'one-way-out'
      ? 'Our audio goes out but none comes back: open the RTP port range toward the PBX in the firewall, set the PBX\u2019s external (public) address for NAT, or turn on the provider\u2019s media relay.'
      : media?.verdict === 'one-way-in'
        ? 'Audio comes in but ours does not reach the far end: let RTP out through the firewall and check the address in the PBX\u2019s SDP (a private address needs the external address set).'
        : 'No audio either way: check the RTP ports in the firewall and the addresses in the SDP (NAT).';
  problems.push({ rule: 'trunk.relay-media', reason: `${leg}: ${media ? media.message : 'no media'}`, fix });
}

function failOrPass(
  figures: AcceptanceFigure[],
  problems: readonly { reason: string; fix: string; rule?: string }[],
): StepPatch & { readonly status: 'pass' | 'fail' } {
  if (problems.length === 0) return { status: 'pass', figures };
  return {
    status: 'fail',
    figures,
    reason: problems.map((p) => p.reason).join('; '),
    fix: [...new Set(problems.map((p) => p.fix))].join(' '),
    rules: [...new Set(problems.flatMap((p) => (p.rule ? [p.rule] : [])))],
  };
}

/**
 * The loop test: call the DID out through the trunk and wait for it on our registration (the
 * answerer is the endpoint's handler of new INVITEs for the whole run). The first leg is hung up
 * once the second has been answered and ended, or after LOOP_WAIT_S without it.
 */
export async function checkCallIn(
  board: AcceptanceBoard,
  ctx: CallContext,
  answerer: InboundAnswerer,
  did: string,
): Promise<void> {
  board.start('call-in');
  let arrived: (r: InboundCallReport) => void = () => undefined;
  const legB = new Promise<InboundCallReport>((resolve) => (arrived = resolve));
  const before = answerer.reports.length;
  const listener = (e: Parameters<Parameters<InboundAnswerer['onEvent']>[0]>[0]): void => {
    if (e.type === 'ended') arrived(e.report);
  };
  answerer.onEvent(listener);
  const call = placeCall(ctx, did, LOOP_WAIT_S);
  const legA = runCall(call, ctx.signal);
  const first = await Promise.race([legB, legA, aborted(ctx.signal)]);
  let b: InboundCallReport | undefined = answerer.reports[before];
  if (first !== 'aborted' && 'info' in first) b = first;
  call.stop();
  const a = await legA;
  if (ctx.signal.aborted) return;
  const evidence = [
    { text: `the call to the DID ${did} through the trunk`, callId: a.callId },
    ...(b ? [{ text: 'the DID call as it reached our registration', callId: b.info.callId }] : []),
  ];
  const { status, ...verdict } = judgeCallIn(a, b, ctx, did);
  board.end('call-in', status, { ...verdict, evidence });
}

function judgeCallIn(
  a: CallReport,
  b: InboundCallReport | undefined,
  ctx: CallContext,
  did: string,
): StepPatch & { readonly status: 'pass' | 'fail' } {
  const { profile } = ctx;
  const figures: AcceptanceFigure[] = [];
  const problems: { reason: string; fix: string; rule?: string }[] = [];
  figures.push({
    label: 'Call to the DID',
    value: a.answered ? `answered after ${Math.round(a.metrics.timeToAnswerMs ?? 0)} ms` : a.message,
  });
  if (!b) {
    const refused = !a.answered && a.finalStatus !== undefined && a.finalStatus >= 400;
    figures.push({ label: 'Received on our registration', value: 'no call arrived', ok: false });
    problems.push({
      reason: refused
        ? `the call to ${did} was refused (${a.message}) and never reached our registration`
        : `the call to ${did} never reached our registration`,
      fix: refused
        ? `${explainStatus(a.finalStatus!).fix} Route the DID ${did} to this trunk in ${profile.name}'s portal.`
        : `Route the DID ${did} to this trunk (this registration) in ${profile.name}'s portal; nothing else may be registered or forwarded for it.`,
    });
    return failOrPass(figures, problems);
  }
  const info = b.info;
  figures.push({ label: 'Received on our registration', value: b.message });
  figures.push({
    label: 'Delivered by',
    value:
      info.deliveredBy ?? `${info.source.address}:${info.source.port} (not a registrar we registered to)`,
  });
  const got = info.callerNumber ?? '';
  const same = sameNumber(got, ctx.fromUser);
  const passthrough = profile.caller_id_passthrough;
  figures.push({
    label: 'Caller ID received',
    value: `${got || '(none)'}${info.pAssertedIdentity ? `, P-Asserted-Identity ${info.pAssertedIdentity}` : ''}`,
    expected: passthrough ? `${ctx.fromUser} (passed through)` : 'the provider\u2019s number (overwritten)',
    ok: passthrough ? same : undefined,
  });
  if (passthrough && !same) {
    problems.push({
      rule: 'trunk.caller-id',
      reason: `the caller ID sent was ${ctx.fromUser}, ${got || 'none'} arrived`,
      fix: `Turn on caller ID pass-through for this trunk in ${profile.name}'s portal, or set the profile's caller_id_passthrough to false if the overwrite is wanted.`,
    });
  }
  if (b.outcome !== 'completed') {
    problems.push({
      reason: `the DID call on our side: ${b.message}`,
      fix: 'See the ladder of the inbound call for where it stopped.',
    });
  }
  audio(b.media, 'the inbound call, our end', figures, problems);
  if (a.answered) audio(a.media, 'the inbound call, the caller\u2019s end', figures, problems);
  return failOrPass(figures, problems);
}

/** The same number, with or without + and country code (the last 10 digits match). */
function sameNumber(a: string, b: string): boolean {
  const da = a.replace(/\D/g, '');
  const db = b.replace(/\D/g, '');
  if (da === '' || db === '') return a === b;
  const n = Math.min(10, da.length, db.length);
  return da.slice(-n) === db.slice(-n);
}
