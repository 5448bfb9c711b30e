// An outbound test call (UAC): INVITE with an SDP offer, digest challenges, provisional and final
// responses, ACK, media, DTMF, hang-up by either side, CANCEL on a ring timeout or a stop, and
// metrics a technician compares with the provider's promises.
import { DigestAuthenticator, type AuthHeader } from '../auth/digest-authenticator';
import type { IncomingRequest } from '../core/incoming-request';
import type { InviteClient, SendTarget, SipEndpoint } from '../core/sip-endpoint';
import { Dialog } from '../dialog/dialog';
import { buildAnswer } from '../sdp/build-answer';
import { buildOffer } from '../sdp/build-offer';
import { SUPPORTED_CODECS } from '../sdp/codecs';
import { negotiated } from '../sdp/negotiated';
import { sdpNatFindings, type SdpNatFinding } from '../sdp/nat-findings';
import { parseSdp } from '../sdp/parse-sdp';
import type { RequestSpec } from '../sip/build-message';
import { makeBranch, makeCallId, makeTag } from '../sip/ids';
import type { Timer } from '../timer-wheel';
import type { InboundMessage } from '../transport/sip-transport';
import { fmt } from '../transport/sip-transport';
import type { Endpoint } from '../../../shared/trace-types';
import type { CallMediaSession, MediaFactory, MediaMode, MediaReport } from './call-media';
import type { CallRouter } from './call-router';
import type { CallEvent, CallMetrics, CallReport } from './call-types';
import { hostPort } from '../../../shared/sip/address-text';
import { parseDeltaSeconds } from '../../../shared/sip/delta-seconds';
import { splitList } from '../../../shared/sip/split-outside';

export interface OutboundCallConfig {
  readonly target: SendTarget;
  readonly serverName: string;
  /** The number or user to call. */
  readonly to: string;
  /** Host of the Request-URI and To (the trunk's domain); the server name by default. */
  readonly toHost: string;
  /**
   * A Request-URI other than sip:to@toHost: a provider delivering a DID call retargets it to the
   * PBX's registered Contact (RFC 3261 §16.5) while To keeps the number dialled.
   */
  readonly requestUri?: string;
  readonly fromUser: string;
  /** The From host: an IP-authenticated trunk matches it against its trunk name (trunk.from-host). */
  readonly fromHost: string;
  readonly fromDisplay?: string;
  readonly credentials?: { readonly user: string; readonly password: string };
  /** P-Asserted-Identity, Remote-Party-ID, Privacy and any other header, in order. */
  readonly extraHeaders?: ReadonlyArray<readonly [string, string]>;
  readonly ringTimeoutS: number;
  readonly holdS: number;
  readonly media: MediaMode;
  readonly dtmf?: string;
  readonly mediaFactory: MediaFactory;
  readonly router: CallRouter;
}

type Final =
  | { readonly kind: 'final'; readonly response: InboundMessage }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'transport-error'; readonly error: Error };

export class OutboundCall {
  private readonly listeners: ((e: CallEvent) => void)[] = [];
  private readonly callId = makeCallId('sipkit');
  private readonly fromTag = makeTag();
  private cseq = 0;
  private started = 0;
  private answeredAt = 0;
  private metrics: { -readonly [K in keyof CallMetrics]: CallMetrics[K] } = {};
  private media: CallMediaSession | undefined;
  private client: InviteClient | undefined;
  private gotProvisional = false;
  private ringTimedOut = false;
  private stopRequested = false;
  private cancelSent = false;
  private hangup: ((by: 'us' | 'them') => void) | undefined;
  private contactAddress = '';

  constructor(
    private readonly endpoint: SipEndpoint,
    private readonly config: OutboundCallConfig,
  ) {}

  onEvent(listener: (e: CallEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Stop now: CANCEL while ringing, BYE once answered. */
  stop(): void {
    this.stopRequested = true;
    if (this.hangup) this.hangup('us');
    else if (this.gotProvisional) void this.sendCancel('stopped');
  }

  async run(): Promise<CallReport> {
    const cfg = this.config;
    const contact = await this.endpoint.contactAddressFor(cfg.target);
    this.contactAddress = contact.address;
    this.media = await cfg.mediaFactory();
    const offer = buildOffer({ address: contact.address, port: this.media.localPort });
    const toUri = `sip:${cfg.to}@${cfg.toHost}`;
    const requestUri = cfg.requestUri ?? toUri;
    const fromAddr = `${cfg.fromDisplay ? `"${cfg.fromDisplay.replace(/"/g, '')}" ` : ''}<sip:${cfg.fromUser}@${cfg.fromHost}>`;
    const contactHeader = `<sip:${cfg.fromUser}@${hostPort(contact.address, contact.port)}>`;
    const auth = cfg.credentials
      ? new DigestAuthenticator({ username: cfg.credentials.user, password: cfg.credentials.password })
      : undefined;
    let authHeaders: readonly AuthHeader[] = [];
    cfg.router.add(this.callId, (r) => this.inDialog(r));
    this.started = this.endpoint.clock.nowMs();
    const ringTimer = this.endpoint.wheel.schedule(cfg.ringTimeoutS * 1000, () => this.onRingTimeout());
    try {
      for (let round = 0; round < 4; round++) {
        const spec: RequestSpec = {
          method: 'INVITE',
          requestUri,
          branch: makeBranch(),
          from: `${fromAddr};tag=${this.fromTag}`,
          to: `<${toUri}>`,
          callId: this.callId,
          cseq: ++this.cseq,
          contact: contactHeader,
          headers: [
            ...(cfg.extraHeaders ?? []),
            ...authHeaders.map((h) => [h.name, h.value] as const),
            ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO'],
          ],
          body: offer,
        };
        this.emit({ type: 'sending', cseq: spec.cseq, authorized: authHeaders.length > 0, requestUri });
        const final = await this.invite(spec);
        if (final.kind !== 'final') return await this.fail(final);
        const res = final.response.sip;
        const status = res.status ?? 0;
        if ((status === 401 || status === 407) && auth && !this.stopRequested) {
          const step = auth.respond({
            status,
            headerValues: res.header(status === 401 ? 'www-authenticate' : 'proxy-authenticate'),
            method: 'INVITE',
            uri: requestUri,
          });
          if (step.kind === 'failed') return await this.rejected(final.response, step.reason);
          this.emit({
            type: 'challenged',
            status,
            realm: step.challenge.realm,
            algorithm: step.challenge.algorithm,
          });
          authHeaders = step.headers;
          continue;
        }
        if (status >= 200 && status < 300) return await this.answered(spec, final.response, offer);
        return await this.rejected(final.response);
      }
      return await this.finish({
        outcome: 'error',
        message: 'the server kept challenging the INVITE: giving up',
      });
    } finally {
      ringTimer.cancel();
      cfg.router.remove(this.callId);
    }
  }

  private invite(spec: RequestSpec): Promise<Final> {
    return new Promise<Final>((resolve) => {
      let dialog: Dialog | undefined;
      let ack: RequestSpec | undefined;
      this.endpoint
        .invite(spec, this.config.target, {
          onProvisional: (r) => this.onProvisional(r),
          onFinal: (response) => resolve({ kind: 'final', response }),
          on2xxAgain: (r) => {
            // Our ACK was lost: the 2xx is retransmitted until it gets one (RFC 3261 §13.2.2.4).
            dialog ??= Dialog.asCaller(spec, r.sip);
            ack ??= dialog.ack(spec.cseq);
            void this.endpoint
              .sendStateless(ack, dialog.sendTarget(this.config.target))
              .catch(() => undefined);
          },
          onTimeout: () => resolve({ kind: 'timeout' }),
          onTransportError: (error) => resolve({ kind: 'transport-error', error }),
          onSent: (sent) => {
            const now = this.endpoint.clock.nowMs();
            this.emit({
              type: 'invite-sent',
              count: sent.count,
              nextInMs: sent.nextAtMs === undefined ? undefined : sent.nextAtMs - now,
              giveUpInMs: sent.giveUpAtMs - now,
            });
          },
        })
        .then((client) => {
          this.client = client;
          if (this.stopRequested && this.gotProvisional) void this.sendCancel('stopped');
        })
        .catch((error: Error) => resolve({ kind: 'transport-error', error }));
    });
  }

  private onProvisional(r: InboundMessage): void {
    const status = r.sip.status ?? 0;
    if (status === 100 && this.gotProvisional) return;
    const atMs = this.endpoint.clock.nowMs() - this.started;
    this.metrics.timeToFirstProvisionalMs ??= atMs;
    if (status === 180 || status === 183) this.metrics.postDialDelayMs ??= atMs;
    this.gotProvisional = true;
    this.emit({ type: 'provisional', status, reason: r.sip.reason ?? '', atMs, earlyMedia: hasSdp(r) });
    // §9.1: CANCEL only once a provisional response arrived.
    if ((this.ringTimedOut || this.stopRequested) && !this.cancelSent) {
      void this.sendCancel(this.ringTimedOut ? 'ring-timeout' : 'stopped');
    }
  }

  private onRingTimeout(): void {
    this.ringTimedOut = true;
    if (this.gotProvisional) void this.sendCancel('ring-timeout');
  }

  private async sendCancel(why: 'ring-timeout' | 'stopped'): Promise<void> {
    if (this.cancelSent || !this.client || this.answeredAt) return;
    this.cancelSent = true;
    this.emit({ type: 'cancelling', why });
    await this.client.cancel();
  }

  private async answered(spec: RequestSpec, response: InboundMessage, offer: string): Promise<CallReport> {
    const cfg = this.config;
    this.answeredAt = this.endpoint.clock.nowMs();
    this.metrics.timeToAnswerMs = this.answeredAt - this.started;
    const dialog = Dialog.asCaller(spec, response.sip);
    const dialogTarget = dialog.sendTarget(cfg.target);
    await this.endpoint.sendStateless(dialog.ack(spec.cseq), dialogTarget).catch(() => undefined);

    let codec = '';
    let remoteMedia: Endpoint | undefined;
    let findings: SdpNatFinding[] = [];
    try {
      const answerSdp = parseSdp(response.sip.message.content ?? '');
      const n = negotiated(parseSdp(offer), answerSdp, 'offerer');
      codec = n.codec.name;
      remoteMedia = n.remote;
      findings = sdpNatFindings({ sdp: answerSdp, signallingSource: response.remote });
      this.media!.start({
        remote: n.remote,
        codec: n.codec,
        dtmfPayloadType: n.dtmfPayloadType,
        mode: cfg.media,
      });
      this.emit({
        type: 'answered',
        atMs: this.metrics.timeToAnswerMs,
        codec,
        remoteMedia: n.remote,
        findings,
      });
    } catch (err) {
      this.emit({
        type: 'warning',
        message: `answered, but the SDP answer is unusable: ${(err as Error).message}`,
      });
    }

    const hungUpBy = await new Promise<'us' | 'them'>((resolve) => {
      const holdTimer: Timer = this.endpoint.wheel.schedule(cfg.holdS * 1000, () => resolve('us'));
      let dtmfTimer: Timer | undefined;
      if (cfg.dtmf && remoteMedia) {
        dtmfTimer = this.endpoint.wheel.schedule(Math.min(1000, (cfg.holdS * 1000) / 4), () => {
          void this.media!.sendDtmf(cfg.dtmf!).then(() =>
            this.emit({ type: 'dtmf-sent', digits: cfg.dtmf! }),
          );
        });
      }
      this.hangup = (by) => {
        holdTimer.cancel();
        dtmfTimer?.cancel();
        resolve(by);
      };
      if (this.stopRequested) this.hangup('us');
    });
    this.metrics.durationMs = this.endpoint.clock.nowMs() - this.answeredAt;
    this.emit({ type: 'hangup', by: hungUpBy });
    // RFC 3261 §15: the caller stops media once the BYE is handed to its transaction, not when
    // the transaction ends (an unanswered BYE takes Timer F, 32 s, and the media would run on).
    const byeDone =
      hungUpBy === 'us' ? this.endpoint.request(dialog.request('BYE'), dialogTarget) : undefined;
    const media = await this.media!.stop();
    if (byeDone) {
      const bye = await byeDone;
      if (bye.kind !== 'response' || (bye.response.sip.status ?? 0) >= 300) {
        this.emit({
          type: 'warning',
          message: `the BYE was not accepted: ${bye.kind === 'response' ? `${bye.response.sip.status} ${bye.response.sip.reason}` : bye.kind}`,
        });
      }
    }
    const message = `answered in ${ms(this.metrics.timeToAnswerMs)}, ${codec || 'no codec'}, held ${ms(this.metrics.durationMs)}, hung up by ${hungUpBy === 'us' ? 'us' : 'the far side'}; ${cfg.media === 'none' ? 'media not tested' : media.message}`;
    return this.report({
      outcome: 'completed',
      answered: true,
      finalStatus: response.sip.status,
      finalReason: response.sip.reason,
      hungUpBy,
      codec,
      remoteMedia,
      sdpFindings: findings,
      media,
      dtmfSent: cfg.dtmf,
      message,
    });
  }

  private async rejected(response: InboundMessage, authReason?: string): Promise<CallReport> {
    const res = response.sip;
    const status = res.status ?? 0;
    const line = `${status} ${res.reason ?? ''}`.trim();
    const warning = res.first('warning');
    const retryAfterS = parseDeltaSeconds(res.first('retry-after'));
    if (status >= 300 && status < 400) {
      const contacts = res.header('contact').flatMap(splitList);
      return this.finish({
        outcome: 'redirected',
        finalStatus: status,
        finalReason: res.reason,
        contacts,
        message: `redirected (${line}) to ${contacts.join(', ') || 'no Contact given'}`,
      });
    }
    const cancelled = status === 487 && this.cancelSent;
    const detail = [
      warning ? `Warning: ${warning}` : '',
      retryAfterS !== undefined ? `Retry-After ${retryAfterS} s` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const message = authReason
      ? authReason
      : cancelled
        ? `cancelled after ${this.ringTimedOut ? `the ${this.config.ringTimeoutS} s ring timeout` : 'a stop'} (${line})`
        : `the call was refused: ${line}${detail ? ` (${detail})` : ''}`;
    return this.finish({
      outcome: cancelled ? 'cancelled' : 'rejected',
      finalStatus: status,
      finalReason: res.reason,
      warning,
      retryAfterS,
      message,
    });
  }

  private async fail(final: Exclude<Final, { kind: 'final' }>): Promise<CallReport> {
    const where = `${this.config.serverName} (${fmt(this.config.target)})`;
    return this.finish(
      final.kind === 'timeout'
        ? {
            outcome: 'timeout',
            message: `no answer from ${where} to the INVITE after ${Math.round((64 * this.endpoint.timers.T1) / 1000)} s: check the address, the port and any firewall`,
          }
        : { outcome: 'error', message: `could not reach ${where}: ${final.error.message}` },
    );
  }

  private async finish(
    partial: Omit<CallReport, 'answered' | 'callId' | 'metrics' | 'sdpFindings'> & Partial<CallReport>,
  ): Promise<CallReport> {
    const media: MediaReport | undefined = this.media ? await this.media.stop() : undefined;
    return this.report({
      answered: false,
      sdpFindings: [],
      ...partial,
      media: partial.media ?? (media?.packetsReceived ? media : undefined),
    });
  }

  private report(partial: Omit<CallReport, 'callId' | 'metrics'>): CallReport {
    return { ...partial, callId: this.callId, metrics: { ...this.metrics } };
  }

  /** Requests the far side sends inside our dialog. */
  private inDialog(request: IncomingRequest): void {
    switch (request.method) {
      case 'BYE':
        request.reply(200, 'OK');
        this.emit({ type: 'in-dialog', method: 'BYE', answered: 200 });
        this.hangup?.('them');
        return;
      case 'INVITE':
      case 'UPDATE': {
        // A re-INVITE or UPDATE (session refresh, hold, media change): answer its offer.
        const offer = request.message.sip.message.content ?? '';
        const answer = offer ? this.answerOffer(offer) : undefined;
        request.reply(200, 'OK', answer ? { body: answer } : {});
        this.emit({ type: 'in-dialog', method: request.method, answered: 200 });
        return;
      }
      case 'ACK':
        return;
      default:
        request.reply(200, 'OK');
        this.emit({ type: 'in-dialog', method: request.method, answered: 200 });
    }
  }

  private answerOffer(offer: string): string | undefined {
    try {
      const parsed = parseSdp(offer);
      const n = negotiated(parsed, parsed, 'answerer');
      this.media?.retarget(n.remote);
      const local = this.media ? this.media.localPort : 0;
      return buildAnswer(parsed, { address: this.contactAddress, port: local, supported: SUPPORTED_CODECS });
    } catch {
      return undefined;
    }
  }

  private emit(e: CallEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's bug must not break the call.
      }
    }
  }
}

function hasSdp(r: InboundMessage): boolean {
  return (
    /application\/sdp/i.test(r.sip.first('content-type') ?? '') && (r.sip.message.content ?? '').length > 0
  );
}

function ms(v: number | undefined): string {
  return v === undefined ? '?' : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`;
}
