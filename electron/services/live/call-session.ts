// One call.start: an outbound test call as `sipkit call` places it (tone both ways, RTP, DTMF,
// digest credentials when the target has a password), every message captured into a 'call' run,
// its progress and result shown as a CallView.
import { uriHostOf } from '../../engine/discovery/parse-server';
import type { CallView } from '../../../shared/ipc/schemas/live';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import type { MediaMode } from '../../engine/call/call-media';
import { CallRouter } from '../../engine/call/call-router';
import type { CallReport } from '../../engine/call/call-types';
import { OutboundCall } from '../../engine/call/outbound-call';
import { rtpMediaFactory } from '../../engine/call/rtp-call-media';
import { fmt } from '../../engine/transport/sip-transport';
import { abandonedCall, applyCallEvent, applyCallReport } from './call-view';
import { deferred, type LiveDeps } from './live-deps';
import { openLiveRun, routeProblem, type LiveRun } from './live-run';
import { refused } from '../service-error';
import { sentence } from './registration-view';
import { planTarget } from './target-plan';

export interface CallRequest {
  readonly to: string;
  readonly holdS: number;
  readonly dtmf?: string;
}

/** `sipkit call`'s defaults: a tone both ways, CANCEL after 30 s of ringing. */
const MEDIA: MediaMode = 'tone';
const RING_TIMEOUT_S = 30;

export class CallSession {
  private readonly ended = deferred();
  private call: OutboundCall | undefined;
  private run: LiveRun | undefined;
  private hangupAsked = false;

  constructor(
    private readonly deps: LiveDeps,
    readonly key: string,
    private readonly target: TargetView,
    private readonly password: string | undefined,
    private readonly request: CallRequest,
    /** The local SIP port; an ephemeral one when another live session of this target holds its port. */
    private readonly localPort: number | undefined,
  ) {}

  get done(): Promise<void> {
    return this.ended.promise;
  }

  /** Looks the server up, opens the run and sends the INVITE; throws a one-line refusal when it cannot. */
  async open(): Promise<void> {
    const { ctx, board, now } = this.deps;
    const t = this.target;
    let run: LiveRun;
    let call: OutboundCall;
    let view: CallView;
    try {
      const plan = await planTarget(t);
      const server = plan.discovery.targets[0]!;
      const fromHost = t.trunkName || plan.spec.host;
      const fromUser = t.callerId || t.user || 'sipkit';
      run = await openLiveRun(
        ctx,
        {
          kind: 'call',
          target: t.server,
          profile: plan.profile.name,
          params: {
            targetName: t.name,
            to: this.request.to,
            fromUser,
            fromHost,
            user: t.user || undefined,
            holdS: this.request.holdS,
            ringTimeoutS: RING_TIMEOUT_S,
            media: MEDIA,
            dtmf: this.request.dtmf,
            target: fmt(server),
          },
        },
        { address: t.localAddress || undefined, port: this.localPort },
      );
      this.run = run;
      const unreachable = await routeProblem(run.endpoint, [server]);
      if (unreachable !== undefined) throw refused(unreachable);
      const router = new CallRouter();
      run.endpoint.onRequest(router.handle);
      const bindAddress = t.localAddress || (await run.endpoint.contactAddressFor(server)).address;
      const { spec } = plan;
      call = new OutboundCall(run.endpoint, {
        target: server,
        serverName: server.host,
        to: this.request.to,
        toHost: uriHostOf(spec),
        fromUser,
        fromHost,
        credentials:
          t.user && this.password !== undefined
            ? { user: t.authUser || t.user, password: this.password }
            : undefined,
        ringTimeoutS: RING_TIMEOUT_S,
        holdS: this.request.holdS,
        media: MEDIA,
        dtmf: this.request.dtmf || undefined,
        mediaFactory: rtpMediaFactory({ bindAddress }),
        router,
      });
      view = {
        key: this.key,
        targetId: t.id,
        direction: 'out',
        runId: run.runId,
        state: 'calling',
        from: `${fromUser}@${fromHost}`,
        to: this.request.to,
        startedAtMs: now(),
        progress: [],
        message: `Calling ${this.request.to} via ${fmt(server)}…`,
      };
    } catch (error) {
      await this.run?.finish(false, (error as Error).message);
      this.ended.resolve();
      throw error;
    }
    this.call = call;
    board.putCall(view);
    call.onEvent((e) => board.updateCall(this.key, (v) => applyCallEvent(v, e, now())));
    if (this.hangupAsked) call.stop();
    void this.lifecycle(call, run);
  }

  /** BYE once answered, CANCEL while ringing (RFC 3261 §9.1: once a provisional response came). */
  hangup(): void {
    this.hangupAsked = true;
    this.call?.stop();
  }

  /** Hangs up; resolves when the call has ended and its run is saved. */
  stop(): Promise<void> {
    this.hangup();
    return this.ended.promise;
  }

  /** close() ran out of time: record the call as cut short. */
  async forceEnd(): Promise<void> {
    this.deps.board.updateCall(this.key, (v) =>
      abandonedCall(v, this.deps.now(), 'Cut short: SIP Field Kit closed during the call'),
    );
    await this.run?.finish(false, 'SIP Field Kit closed during the call');
    this.ended.resolve();
  }

  private async lifecycle(call: OutboundCall, run: LiveRun): Promise<void> {
    const { board, now, ctx } = this.deps;
    let report: CallReport | undefined;
    try {
      report = await call.run();
      const done = report;
      board.updateCall(this.key, (v) => applyCallReport(v, done, now(), MEDIA, this.hangupAsked));
    } catch (error) {
      // The engine reports a call's failures in its report; a throw is a local fault (no RTP port).
      ctx.log(`call ${this.key} stopped unexpectedly`, error);
      board.updateCall(this.key, (v) =>
        abandonedCall(v, now(), `The call stopped: ${sentence((error as Error).message)}`),
      );
    } finally {
      const ok =
        report !== undefined &&
        report.answered &&
        report.outcome === 'completed' &&
        report.media?.verdict === 'two-way';
      await run.finish(ok, report?.message ?? 'the call did not finish');
      this.ended.resolve();
    }
  }
}
