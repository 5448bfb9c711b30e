// Answers inbound test calls (UAS): rings, then answers after a delay (or rejects with a chosen
// status), runs media (tone or echo), detects DTMF, and reports what the call presented.
import type { IncomingRequest } from '../core/incoming-request';
import type { SipEndpoint } from '../core/sip-endpoint';
import { Dialog } from '../dialog/dialog';
import { negotiated, type NegotiatedMedia } from '../sdp/negotiated';
import { sdpNatFindings, type SdpNatFinding } from '../sdp/nat-findings';
import type { ParsedSdp } from '../sdp/sdp-types';
import type { Timer } from '../timer-wheel';
import type { CallMediaSession, MediaFactory, MediaMode, MediaReport } from './call-media';
import type { CallRouter } from './call-router';
import { CallSdp, isDelayedOffer, readDescription } from './call-sdp';
import { describeInbound, type InboundCallInfo, type KnownRegistrar } from './inbound-call-info';
import { hostPort } from '../../../shared/sip/address-text';

export interface AnswererConfig {
  /** Answer after this many seconds of ringing; ignored when rejecting. */
  readonly answerAfterS: number;
  /** Reject every call with this status instead of answering (e.g. 486). */
  readonly rejectStatus?: number;
  /** Hang up an answered call after this many seconds if the caller has not. */
  readonly maxHoldS: number;
  readonly media: MediaMode;
  readonly echo: boolean;
  readonly contactUser: string;
  readonly mediaFactory: MediaFactory;
  readonly router: CallRouter;
  readonly registrars?: readonly KnownRegistrar[];
  /** Calls in progress (ringing or answered) at most; a further INVITE gets 486 (default 4). */
  readonly maxCalls?: number;
}

/** A handful of test calls at once is what a technician needs; a flood must not start media for thousands. */
export const DEFAULT_MAX_CALLS = 4;
/** How long stopAll() waits for BYEs and media reports before closing what is left. */
const STOP_GRACE_MS = 600;

export interface InboundCallReport {
  readonly info: InboundCallInfo;
  readonly outcome: 'completed' | 'rejected' | 'cancelled' | 'no-ack' | 'error';
  readonly status: number;
  readonly hungUpBy?: 'us' | 'them';
  readonly durationMs?: number;
  readonly codec?: string;
  readonly sdpFindings: readonly SdpNatFinding[];
  readonly media?: MediaReport;
  readonly message: string;
}

export type AnswererEvent =
  | { readonly type: 'incoming'; readonly info: InboundCallInfo }
  | { readonly type: 'answered'; readonly callId: string; readonly codec: string }
  | { readonly type: 'ended'; readonly report: InboundCallReport };

const REASONS: Readonly<Record<number, string>> = {
  403: 'Forbidden',
  404: 'Not Found',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  600: 'Busy Everywhere',
  603: 'Decline',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Rejected';
}

export class InboundAnswerer {
  private readonly listeners: ((e: AnswererEvent) => void)[] = [];
  /** Call-ID → how to hang that call up (we send the BYE). */
  private readonly active = new Map<string, () => void>();
  /** Calls still being handled, so stopAll() can wait for their BYE and media report. */
  private readonly inProgress = new Set<Promise<void>>();
  /** Media sessions running now, so a stop can close them without waiting for each call. */
  private readonly media = new Set<CallMediaSession>();
  private busyCount = 0;
  private stopping: Promise<void> | undefined;
  readonly reports: InboundCallReport[] = [];

  constructor(
    private readonly endpoint: SipEndpoint,
    private readonly config: AnswererConfig,
  ) {}

  onEvent(listener: (e: AnswererEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Handles a new INVITE (plug into the router's fallback). Returns false for other requests. */
  handle(request: IncomingRequest): boolean {
    if (request.method !== 'INVITE' || request.message.sip.toTag) return false;
    const max = this.config.maxCalls ?? DEFAULT_MAX_CALLS;
    if (this.stopping || this.inProgress.size >= max) {
      // RFC 3261 §21.4.7: busy at this end system. Counted, not reported one by one: a flood of
      // INVITEs must not become a flood of report lines.
      this.busyCount++;
      request.reply(486, 'Busy Here', {
        headers: [['Warning', `399 sipkit "${max} call(s) already in progress (the call cap)"`]],
      });
      return true;
    }
    const call = this.answer(request).catch(() => undefined);
    this.inProgress.add(call);
    void call.finally(() => this.inProgress.delete(call));
    return true;
  }

  /** INVITEs turned away with 486 because the cap of calls in progress was reached. */
  get busyRejected(): number {
    return this.busyCount;
  }

  /** Calls in progress now (ringing or answered). */
  get callsInProgress(): number {
    return this.inProgress.size;
  }

  /**
   * Hang up every call in progress (BYE, or 487 while ringing) and wait for them to end and be
   * reported, but not longer than `graceMs`: a silent caller must not hold a stop for 32 s per
   * BYE. What is still up then has its media closed; its report never comes.
   */
  stopAll(graceMs = STOP_GRACE_MS): Promise<void> {
    // Once: a second caller (a finally after the normal stop) waits for the same stop, not another grace.
    this.stopping ??= this.stopNow(graceMs);
    return this.stopping;
  }

  private async stopNow(graceMs: number): Promise<void> {
    for (const stop of [...this.active.values()]) stop();
    let timer: Timer | undefined;
    const late = new Promise<void>((resolve) => (timer = this.endpoint.wheel.schedule(graceMs, resolve)));
    await Promise.race([Promise.all([...this.inProgress]), late]);
    timer?.cancel();
    await Promise.all([...this.media].map((m) => m.stop().catch(() => undefined)));
    this.media.clear();
  }

  /** Ends one call: an answered one with our BYE, a ringing one with 487. False when it is not up. */
  hangUp(callId: string): boolean {
    const stop = this.active.get(callId);
    if (!stop) return false;
    stop();
    return true;
  }

  private async answer(request: IncomingRequest): Promise<void> {
    const cfg = this.config;
    const m = request.message;
    const info = describeInbound(m.sip, m.remote, cfg.registrars);
    this.emit({ type: 'incoming', info });
    const offerText = m.sip.message.content ?? '';
    const end = (report: Omit<InboundCallReport, 'info'>): void => {
      const full = { info, ...report };
      this.reports.push(full);
      this.emit({ type: 'ended', report: full });
    };

    if (cfg.rejectStatus) {
      request.reply(cfg.rejectStatus, reasonPhrase(cfg.rejectStatus));
      return end({
        outcome: 'rejected',
        status: cfg.rejectStatus,
        sdpFindings: [],
        message: `rejected with ${cfg.rejectStatus} ${reasonPhrase(cfg.rejectStatus)} as asked`,
      });
    }
    const contentType = m.sip.first('content-type');
    // RFC 3261 §13.2.1: an INVITE may carry no offer (CUCM, some SBCs, scanners): we offer in the
    // 200 OK and the caller answers in the ACK.
    const delayed = isDelayedOffer(offerText);
    let offer: ParsedSdp | undefined;
    if (!delayed) {
      try {
        offer = readDescription(offerText, contentType);
        negotiated(offer, offer, 'answerer');
      } catch (err) {
        request.reply(488, 'Not Acceptable Here', {
          headers: [['Warning', `399 sipkit "${(err as Error).message.replace(/"/g, "'")}"`]],
        });
        return end({
          outcome: 'rejected',
          status: 488,
          sdpFindings: [],
          message: `no usable audio offer: ${(err as Error).message}`,
        });
      }
    }
    const findings = offer ? sdpNatFindings({ sdp: offer, signallingSource: m.remote }) : [];
    request.reply(180, 'Ringing');

    let cancelled = false;
    let stopRinging: (() => void) | undefined;
    const rang = await new Promise<boolean>((resolve) => {
      const timer: Timer = this.endpoint.wheel.schedule(cfg.answerAfterS * 1000, () => resolve(true));
      stopRinging = () => {
        timer.cancel();
        resolve(false);
      };
      request.onCancel(() => {
        cancelled = true;
        stopRinging?.();
      });
      this.active.set(m.sip.callId, stopRinging);
    });
    this.active.delete(m.sip.callId);
    if (!rang) {
      request.reply(487, 'Request Terminated');
      return end({
        outcome: cancelled ? 'cancelled' : 'rejected',
        status: 487,
        sdpFindings: findings,
        message: cancelled ? 'the caller cancelled while it rang' : 'stopped while ringing',
      });
    }

    let media: CallMediaSession;
    try {
      media = await cfg.mediaFactory();
      this.media.add(media);
    } catch (err) {
      request.reply(500, 'Server Internal Error');
      return end({
        outcome: 'error',
        status: 500,
        sdpFindings: findings,
        message: `could not open a media port: ${(err as Error).message}`,
      });
    }
    const local =
      m.local.address === '0.0.0.0'
        ? (await this.endpoint.contactAddressFor(m.remote)).address
        : m.local.address;
    const contact = `<sip:${cfg.contactUser}@${hostPort(local, this.endpoint.local.port)}>`;
    const sdp = new CallSdp(local, media.localPort);
    let firstBody: string;
    let plan: NegotiatedMedia | undefined;
    try {
      if (offer) {
        const exchange = sdp.answer(offerText, contentType);
        firstBody = exchange.sdp;
        plan = exchange.plan;
      } else firstBody = sdp.offer();
    } catch (err) {
      this.media.delete(media);
      await media.stop();
      request.reply(488, 'Not Acceptable Here');
      return end({
        outcome: 'rejected',
        status: 488,
        sdpFindings: findings,
        message: `no codec in common: ${(err as Error).message}`,
      });
    }
    const dialog = Dialog.asCallee(m.sip, request.toTag, contact);
    const started = this.endpoint.clock.nowMs();
    /** Our offer in a 2xx whose answer comes in the ACK (the INVITE's or a re-INVITE's). */
    let offerAwaitingAck: string | undefined = offer ? undefined : firstBody;
    let mediaStarted = false;
    let failure: string | undefined;
    const startMedia = (p: NegotiatedMedia): void => {
      plan = p;
      mediaStarted = true;
      media.start({
        remote: p.remote,
        codec: p.codec,
        dtmfPayloadType: p.dtmfPayloadType,
        mode: cfg.media,
        echo: cfg.echo,
      });
      this.emit({ type: 'answered', callId: m.sip.callId, codec: p.codec.name });
    };
    let cleanup: () => void = () => undefined;
    const hangupCleanup = new Promise<void>((r) => (cleanup = r));
    const hangup = new Promise<'us' | 'them' | 'no-ack'>((resolve) => {
      const onAck = (r: IncomingRequest): void => {
        const ours = offerAwaitingAck;
        if (ours === undefined) return;
        offerAwaitingAck = undefined;
        try {
          const p = sdp.readAnswer(
            ours,
            r.message.sip.message.content ?? '',
            r.message.sip.first('content-type'),
          );
          if (mediaStarted) media.retarget(p.remote);
          else startMedia(p);
        } catch (err) {
          if (mediaStarted) return;
          // No answer to our offer: no media can flow, so the call ends here (RFC 3264 §5).
          failure = (err as Error).message;
          resolve('us');
        }
      };
      cfg.router.add(m.sip.callId, (r) => {
        if (r.method === 'BYE') {
          r.reply(200, 'OK');
          resolve('them');
        } else if (r.method === 'ACK') onAck(r);
        else if (r.method === 'INVITE' || r.method === 'UPDATE') {
          this.reoffer(r, sdp, media, (ours) => (offerAwaitingAck = ours));
        } else r.reply(200, 'OK');
      });
      request.onAckTimeout(() => resolve('no-ack'));
      const holdTimer = this.endpoint.wheel.schedule(cfg.maxHoldS * 1000, () => resolve('us'));
      const stop = (): void => {
        holdTimer.cancel();
        resolve('us');
      };
      this.active.set(m.sip.callId, stop);
      void hangupCleanup.then(() => {
        holdTimer.cancel();
        this.active.delete(m.sip.callId);
      });
    });

    request.reply(200, 'OK', { headers: [['Contact', contact]], body: firstBody });
    if (plan) startMedia(plan);

    const by = await hangup;
    cleanup();
    const durationMs = this.endpoint.clock.nowMs() - started;
    if (by !== 'them') {
      await this.endpoint
        .request(dialog.request('BYE'), dialog.sendTarget({ ...m.remote, transport: m.transport }))
        .catch(() => undefined);
    }
    cfg.router.remove(m.sip.callId);
    const report = await media.stop();
    this.media.delete(media);
    const codec = plan?.codec.name;
    if (failure !== undefined || !codec) {
      return end({
        outcome: by === 'no-ack' ? 'no-ack' : 'error',
        status: 200,
        hungUpBy: by === 'them' ? 'them' : 'us',
        durationMs,
        sdpFindings: findings,
        message:
          by === 'no-ack'
            ? 'answered with our SDP offer (the INVITE had none), but no ACK came within 32 s'
            : `answered with our SDP offer (the INVITE had none), but ${failure ?? 'the caller hung up before its ACK brought an answer'}; no media could flow`,
      });
    }
    end({
      outcome: by === 'no-ack' ? 'no-ack' : 'completed',
      status: 200,
      hungUpBy: by === 'them' ? 'them' : 'us',
      durationMs,
      codec,
      sdpFindings: findings,
      media: report,
      message:
        by === 'no-ack'
          ? 'answered, but no ACK came for our 200 OK within 32 s: the caller (or a proxy) never got it — check NAT and the Contact/Record-Route path'
          : `answered${delayed ? ' (delayed offer: our offer in the 200 OK, their answer in the ACK)' : ''}, ${codec}, ${(durationMs / 1000).toFixed(1)} s, hung up by ${by === 'them' ? 'the caller' : 'us'}; ${cfg.media === 'none' && !cfg.echo ? 'media not tested' : report.message}`,
    });
  }

  /**
   * A re-INVITE or UPDATE in an answered call (RFC 3311, RFC 3264 §8): with an offer, answer it and
   * move the stream to its address; without one, offer in the 200 and read the answer in the ACK
   * (UPDATE without a body is a session refresh and only answered). An unusable offer gets 488 and
   * leaves the session as it was (RFC 3261 §14.2).
   */
  private reoffer(
    r: IncomingRequest,
    sdp: CallSdp,
    media: CallMediaSession,
    awaitAck: (ourOffer: string) => void,
  ): void {
    const body = r.message.sip.message.content ?? '';
    if (isDelayedOffer(body)) {
      if (r.method === 'UPDATE') return r.reply(200, 'OK');
      const ours = sdp.offer();
      awaitAck(ours);
      return r.reply(200, 'OK', { body: ours });
    }
    try {
      const exchange = sdp.answer(body, r.message.sip.first('content-type'));
      media.retarget(exchange.plan.remote);
      r.reply(200, 'OK', { body: exchange.sdp });
    } catch (err) {
      r.reply(488, 'Not Acceptable Here', {
        headers: [['Warning', `399 sipkit "${(err as Error).message.replace(/"/g, "'")}"`]],
      });
    }
  }

  private emit(e: AnswererEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's bug must not break the call.
      }
    }
  }
}
