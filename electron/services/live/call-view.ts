// What the Call screen shows for one test call, folded from the engine's events and final report:
// the progress a technician reads on a phone ("100 Trying", "180 Ringing", "200 OK"), the state,
// the media verdict with packet counts, and the report's one line. Outbound calls come from
// OutboundCall, inbound ones from InboundAnswerer. Pure.
import type { CallView } from '../../../shared/ipc/schemas/live';
import type { MediaMode, MediaReport } from '../../engine/call/call-media';
import type { CallEvent, CallReport } from '../../engine/call/call-types';
import type { InboundCallInfo } from '../../engine/call/inbound-call-info';
import { reasonPhrase, type InboundCallReport } from '../../engine/call/inbound-answerer';
import { fmt } from '../../engine/transport/sip-transport';
import { sentence } from './registration-view';

const CHALLENGE_REASONS: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  407: 'Proxy Authentication Required',
};

type MediaView = NonNullable<CallView['media']>;

export function applyCallEvent(view: CallView, e: CallEvent, now: number): CallView {
  const next = (patch: Partial<CallView>): CallView => ({ ...view, ...patch });
  switch (e.type) {
    case 'sending':
      return next({
        message: e.authorized ? 'Calling again with credentials…' : `Calling ${view.to}…`,
      });
    case 'invite-sent':
      return next({ inviteSent: { count: e.count, giveUpAtMs: now + e.giveUpInMs } });
    case 'provisional': {
      const line = `${e.status} ${e.reason}`.trim();
      const ringing = e.status === 180 || e.status === 183;
      return next({
        state: ringing && view.state === 'calling' ? 'ringing' : view.state,
        progress: withStep(view.progress, line),
        message: `${line} after ${Math.round(e.atMs)} ms${e.earlyMedia ? ' (early media)' : ''}`,
      });
    }
    case 'challenged':
      return next({
        progress: withStep(view.progress, `${e.status} ${CHALLENGE_REASONS[e.status] ?? ''}`.trim()),
        message: `Answering the ${e.status} challenge (realm "${e.realm}", ${e.algorithm})…`,
      });
    case 'answered':
      return next({
        state: 'answered',
        answeredAtMs: now,
        finalStatus: 200,
        progress: withStep(view.progress, '200 OK'),
        message: [
          `Answered after ${Math.round(e.atMs)} ms: ${e.codec}, far side's media at ${fmt(e.remoteMedia)}`,
          ...e.findings.map((f) => f.message),
        ].join('; '),
      });
    case 'cancelling':
      return next({
        message:
          e.why === 'ring-timeout' ? 'Cancelling: nobody answered before the ring timeout' : 'Cancelling…',
      });
    case 'dtmf-sent':
      return next({ message: `Sent DTMF ${e.digits}` });
    case 'hangup':
      return next({ message: e.by === 'us' ? 'Hanging up…' : 'The far side hung up' });
    case 'warning':
      return next({ message: sentence(e.message) });
    case 'in-dialog':
      return view;
  }
}

/** The call is over: its outcome, final status and media, in the report's words. */
export function applyCallReport(
  view: CallView,
  report: CallReport,
  now: number,
  media: MediaMode,
  stoppedByUser: boolean,
): CallView {
  const finalLine =
    report.finalStatus !== undefined && !report.answered
      ? `${report.finalStatus} ${report.finalReason ?? ''}`.trim()
      : undefined;
  const cancelledByUser = report.outcome === 'cancelled' && stoppedByUser;
  return {
    ...view,
    state: report.outcome === 'completed' || cancelledByUser ? 'ended' : 'failed',
    callId: report.callId,
    endedAtMs: now,
    finalStatus: report.finalStatus ?? view.finalStatus,
    progress: finalLine ? withStep(view.progress, finalLine) : view.progress,
    media: report.answered ? mediaView(report.media, report.codec, media) : undefined,
    message: sentence(report.message),
  };
}

/** A call that never ran to a report (a bug, or the app closing under it). */
export function abandonedCall(view: CallView, now: number, why: string): CallView {
  if (view.state === 'ended' || view.state === 'failed') return view;
  return { ...view, state: 'failed', endedAtMs: now, message: why };
}

export function inboundCallView(
  key: string,
  targetId: string,
  runId: number,
  info: InboundCallInfo,
  now: number,
): CallView {
  const caller = info.callerNumber
    ? `${info.callerName ? `"${info.callerName}" ` : ''}${info.callerNumber}`
    : info.from;
  return {
    key,
    targetId,
    direction: 'in',
    runId,
    callId: info.callId,
    state: 'ringing',
    from: caller,
    to: info.requestUri,
    startedAtMs: now,
    progress: ['INVITE', '180 Ringing'],
    message: `Ringing: a call from ${caller} at ${fmt(info.source)}${info.deliveredBy ? ` via ${info.deliveredBy}` : ''}`,
  };
}

export function inboundAnswered(view: CallView, codec: string, echo: boolean, now: number): CallView {
  return {
    ...view,
    state: 'answered',
    answeredAtMs: now,
    finalStatus: 200,
    progress: withStep(view.progress, '200 OK'),
    message: `Answered: ${codec}${echo ? ', echoing the caller’s audio' : ', playing a tone'}`,
  };
}

export function inboundEnded(view: CallView, report: InboundCallReport, now: number): CallView {
  const answered = report.outcome === 'completed' || report.outcome === 'no-ack';
  const reason = report.status === 487 ? 'Request Terminated' : reasonPhrase(report.status);
  return {
    ...view,
    state: report.outcome === 'completed' ? 'ended' : 'failed',
    endedAtMs: now,
    finalStatus: report.status,
    progress: answered ? view.progress : withStep(view.progress, `${report.status} ${reason}`),
    // Answering always tests media: a tone, or the caller's own audio echoed back.
    media: answered ? mediaView(report.media, report.codec, 'tone') : undefined,
    message: sentence(report.message),
  };
}

export function mediaView(
  report: MediaReport | undefined,
  codec: string | undefined,
  mode: MediaMode,
): MediaView {
  if (mode === 'none' || report === undefined) {
    return {
      verdict: 'off',
      packetsSent: report?.packetsSent ?? 0,
      packetsReceived: report?.packetsReceived ?? 0,
      codec: codec || undefined,
      summary: 'media not tested',
    };
  }
  return {
    verdict: report.verdict,
    packetsSent: report.packetsSent,
    packetsReceived: report.packetsReceived,
    codec: codec || undefined,
    summary: report.message,
  };
}

/** Appends a progress step, once: a retransmitted 180 is not a second ring. */
function withStep(progress: readonly string[], step: string): string[] {
  return progress[progress.length - 1] === step ? [...progress] : [...progress, step];
}
