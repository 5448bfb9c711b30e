// One answer.start: inbound test calls answered as `sipkit answer` answers them (ring 1 s, answer,
// a tone or the caller's audio echoed, hang up after 60 s at the latest), optionally on a
// registration's Contact so a call to the target's number reaches us. Each call shows as an 'in'
// CallView; everything is captured into one 'answer' run.
import type { AnsweringView } from '../../../shared/ipc/schemas/live';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import { createRegistrations, type RegistrationPlan } from '../../usecases/registrations';
import { aborted, withinMs } from '../../usecases/waiting';
import { CallRouter } from '../../engine/call/call-router';
import {
  DEFAULT_MAX_CALLS,
  InboundAnswerer,
  type AnswererEvent,
  type InboundCallReport,
} from '../../engine/call/inbound-answerer';
import { rtpMediaFactory } from '../../engine/call/rtp-call-media';
import { defaultRequestHandler } from '../../engine/core/incoming-request';
import { fmt } from '../../engine/transport/sip-transport';
import { inboundAnswered, inboundCallView, inboundEnded } from './call-view';
import { deferred, type LiveDeps } from './live-deps';
import { openLiveRun, routeProblem, type LiveRun } from './live-run';
import { refused } from '../service-error';
import { RegistrationTracker } from './registration-tracker';
import { startingView } from './registration-view';
import { localBindOf, planTarget, registrationPlan } from './target-plan';

export interface AnswerOptions {
  readonly register: boolean;
  readonly echo: boolean;
  /** Calls in progress at once; more get 486 (the engine's default, 4, when absent). */
  readonly maxCalls?: number;
}

/** `sipkit answer`'s defaults. */
const ANSWER_AFTER_S = 1;
const MAX_HOLD_S = 60;
/**
 * A stop is done within 2 s however many calls are up: BYEs (or 487s) go out at once and are
 * waited for this long, un-registering as long again, then the run is saved as it is.
 */
const STOP_GRACE_MS = 600;

export class AnswerSession {
  private readonly stopping = new AbortController();
  private readonly ended = deferred();
  private run: LiveRun | undefined;
  private answerer: InboundAnswerer | undefined;
  private trackers: RegistrationTracker[] = [];
  private later: readonly string[] = [];
  /** Call-ID → the CallView key of that inbound call. */
  private readonly keys = new Map<string, string>();
  private listening = '';

  constructor(
    private readonly deps: LiveDeps,
    readonly target: TargetView,
    private readonly password: string | undefined,
    private readonly opts: AnswerOptions,
    private readonly nextCallKey: () => string,
  ) {}

  get done(): Promise<void> {
    return this.ended.promise;
  }

  /** A stop was asked for and is under way. */
  get isStopping(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Opens the listening socket (and starts registering); throws a one-line refusal when it cannot. */
  async open(): Promise<void> {
    const { ctx, board } = this.deps;
    const t = this.target;
    let plan: RegistrationPlan | undefined;
    let run: LiveRun;
    try {
      if (this.opts.register) plan = registrationPlan(t, await planTarget(t), this.password ?? '', false);
      run = await openLiveRun(
        ctx,
        {
          kind: 'answer',
          target: this.opts.register
            ? `registered at ${t.server}`
            : t.localPort
              ? `port ${t.localPort}`
              : 'any',
          profile: plan?.profile.name ?? t.profile,
          params: {
            targetName: t.name,
            register: this.opts.register,
            server: t.server,
            user: t.user || undefined,
            afterS: ANSWER_AFTER_S,
            maxHoldS: MAX_HOLD_S,
            media: this.mediaMode,
            echo: this.opts.echo,
            maxCalls: this.opts.maxCalls ?? DEFAULT_MAX_CALLS,
          },
        },
        localBindOf(t),
      );
    } catch (error) {
      this.ended.resolve();
      throw error;
    }
    this.run = run;
    const unreachable = plan ? await routeProblem(run.endpoint, plan.targets) : undefined;
    if (unreachable !== undefined) {
      await run.finish(false, unreachable);
      this.ended.resolve();
      throw refused(unreachable);
    }
    const router = new CallRouter();
    run.endpoint.onRequest(router.handle);
    const local = run.endpoint.local;
    const answerer = new InboundAnswerer(run.endpoint, {
      answerAfterS: ANSWER_AFTER_S,
      maxHoldS: MAX_HOLD_S,
      media: this.mediaMode,
      echo: this.opts.echo,
      contactUser: t.user || 'sipkit',
      maxCalls: this.opts.maxCalls,
      router,
      mediaFactory: rtpMediaFactory({ bindAddress: t.localAddress || '0.0.0.0', echo: this.opts.echo }),
      registrars: plan?.targets.map((x) => ({
        label: `${x.host} (${fmt(x)})`,
        address: x.address,
        port: x.port,
      })),
    });
    this.answerer = answerer;
    router.setFallback((r) => {
      if (!answerer.handle(r)) defaultRequestHandler(r);
    });
    answerer.onEvent((e) => this.onAnswererEvent(e, run.runId));
    this.listening = `udp ${fmt(local)}`;
    board.putAnswering({
      targetId: t.id,
      runId: run.runId,
      listening: this.listening,
      echo: this.opts.echo,
      message: this.waitingLine(),
    });
    if (plan) this.register(plan, run);
    void this.lifecycle(run, answerer);
  }

  /** Ends one incoming call by its CallView key (BYE, or 487 while ringing); false when it is not up. */
  hangUp(key: string): boolean {
    for (const [callId, k] of this.keys) if (k === key) return this.answerer?.hangUp(callId) ?? false;
    return false;
  }

  /** Hangs up calls in progress, un-registers and saves the run; resolves when done. */
  stop(): Promise<void> {
    this.stopping.abort();
    return this.ended.promise;
  }

  async forceEnd(): Promise<void> {
    this.stopping.abort();
    for (const t of this.trackers) t.detach();
    this.deps.board.removeAnswering(this.target.id);
    await this.run?.finish(false, 'SIP Field Kit closed before answering ended cleanly');
    this.ended.resolve();
  }

  private get mediaMode(): 'tone' | 'none' {
    // Echo reflects the caller's audio and sends nothing of its own, as `sipkit answer --echo`.
    return this.opts.echo ? 'none' : 'tone';
  }

  private register(plan: RegistrationPlan, run: LiveRun): void {
    const started = createRegistrations(run.endpoint, plan, true);
    this.later = started.later;
    this.trackers = started.regs.map(
      (reg) =>
        new RegistrationTracker(
          reg,
          startingView(this.target.id, this.target.server, this.deps.now()),
          this.deps.now,
          () => this.deps.board.updateAnswering(this.target.id, (v) => this.withRegistration(v)),
        ),
    );
    for (const reg of started.regs) void reg.start();
  }

  /** The answering view with the registration's state in its listening line and message. */
  private withRegistration(view: AnsweringView): AnsweringView {
    const reg = this.trackers[0]?.current;
    if (!reg) return view;
    const where = `${this.listening}; ${reg.state === 'registered' ? `registered at ${reg.region} for ${reg.grantedExpires ?? '?'} s` : `${reg.state} at ${reg.region}`}`;
    const trouble = reg.state === 'failed' || reg.state === 'blocked';
    return {
      ...view,
      listening: where,
      message: trouble
        ? `The registration did not succeed: ${reg.message}. A call sent straight to ${this.listening} is still answered`
        : this.waitingLine(),
    };
  }

  private onAnswererEvent(e: AnswererEvent, runId: number): void {
    const { board, now } = this.deps;
    switch (e.type) {
      case 'incoming': {
        const key = this.nextCallKey();
        this.keys.set(e.info.callId, key);
        board.putCall(inboundCallView(key, this.target.id, runId, e.info, now()));
        return;
      }
      case 'answered': {
        const key = this.keys.get(e.callId);
        if (key) board.updateCall(key, (v) => inboundAnswered(v, e.codec, this.opts.echo, now()));
        return;
      }
      case 'ended': {
        const key = this.keys.get(e.report.info.callId);
        if (key) board.updateCall(key, (v) => inboundEnded(v, e.report, now()));
        this.keys.delete(e.report.info.callId);
        board.updateAnswering(this.target.id, (v) => ({ ...v, message: this.waitingLine() }));
        return;
      }
    }
  }

  private async lifecycle(run: LiveRun, answerer: InboundAnswerer): Promise<void> {
    let ok = false;
    let summary = 'stopped';
    try {
      await aborted(this.stopping.signal);
      await answerer.stopAll(STOP_GRACE_MS);
      await withinMs(Promise.all(this.trackers.map((t) => t.reg.stop())), STOP_GRACE_MS);
      ({ ok, summary } = this.outcome(answerer.reports));
    } catch (error) {
      this.deps.ctx.log(`answering for target ${this.target.id} stopped because of a bug`, error);
      summary = `stopped by an internal error: ${(error as Error).message}`;
    } finally {
      this.deps.board.removeAnswering(this.target.id);
      await run.finish(ok, summary);
      this.ended.resolve();
    }
  }

  private outcome(reports: readonly InboundCallReport[]): { ok: boolean; summary: string } {
    const good = reports.filter((r) => r.outcome === 'completed' && r.media?.verdict === 'two-way').length;
    const registrationHeld =
      this.trackers.every((t) => t.registeredEver && !t.unregisterFailed) && this.later.length === 0;
    let summary = reports.length === 0 ? 'no call arrived' : `${reports.length} call(s), ${good} as expected`;
    if (!registrationHeld) {
      const why =
        this.trackers.find((t) => t.lastFailure)?.lastFailure ?? this.later[0] ?? 'it did not complete';
      summary += `; the registration did not hold: ${why}`;
    }
    return { ok: reports.length > 0 && good === reports.length && registrationHeld, summary };
  }

  private waitingLine(): string {
    const n = this.answerer?.reports.length ?? 0;
    return `${n === 0 ? 'Waiting for calls' : `${n} call(s) so far; waiting for more`}: answering after ${ANSWER_AFTER_S} s of ringing, ${this.opts.echo ? 'echoing the caller’s audio' : 'playing a tone'}`;
  }
}
