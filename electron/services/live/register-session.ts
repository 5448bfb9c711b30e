// One register.start: the target's registrations (one per region with allTargets), kept up and
// refreshed by the provider's rules until register.stop or close(), every message captured into a
// 'register' run. Built on the same registrations use case as `sipkit register`, so the app
// registers exactly as the CLI does; the views follow each Registration from its first REGISTER.
import type { RegistrationView } from '../../../shared/ipc/schemas/live';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import type { SipTarget } from '../../engine/discovery/discovery-types';
import type { RegistrationResult } from '../../engine/register/registration';
import { fmt } from '../../engine/transport/sip-transport';
import { startWithFailover, type RegistrationPlan } from '../../usecases/registrations';
import { aborted } from '../../usecases/waiting';
import { deferred, type LiveDeps } from './live-deps';
import { openLiveRun, routeProblem, type LiveRun } from './live-run';
import { refused } from '../service-error';
import { RegistrationTracker } from './registration-tracker';
import { sentence, startingView } from './registration-view';
import { localBindOf, planTarget, registrationPlan } from './target-plan';

interface Outcome {
  readonly ok: boolean;
  readonly summary: string;
}

export class RegisterSession {
  private readonly stopping = new AbortController();
  private readonly ended = deferred();
  /** Every registration failed in a way retrying cannot fix: the session puts itself away. */
  private readonly gaveUp = deferred();
  private run: LiveRun | undefined;
  private trackers: RegistrationTracker[] = [];
  private later: readonly string[] = [];

  constructor(
    private readonly deps: LiveDeps,
    readonly target: TargetView,
    private readonly password: string,
    private readonly allTargets: boolean,
  ) {}

  /** Resolves once the session has ended and its run is saved. */
  get done(): Promise<void> {
    return this.ended.promise;
  }

  /** A stop was asked for and is under way. */
  get isStopping(): boolean {
    return this.stopping.signal.aborted;
  }

  /**
   * Looks the server up and opens the run, then registers in the background. Throws a one-line
   * refusal when it cannot start (bad server, DNS failure, local port in use).
   */
  async open(): Promise<void> {
    const { board, ctx, now } = this.deps;
    const id = this.target.id;
    board.removeRegistrations(id);
    board.putRegistration(startingView(id, this.target.server, now()));
    let plan: RegistrationPlan;
    try {
      const targetPlan = await planTarget(this.target);
      plan = registrationPlan(this.target, targetPlan, this.password, this.allTargets);
      if (!this.stopping.signal.aborted) {
        this.run = await openLiveRun(
          ctx,
          this.runInput(plan, targetPlan.transport),
          localBindOf(this.target),
        );
      }
    } catch (error) {
      board.removeRegistrations(id);
      this.ended.resolve();
      throw error;
    }
    if (!this.run) {
      this.settleViews('Stopped before the registration started');
      this.ended.resolve();
      return;
    }
    const unreachable = await routeProblem(this.run.endpoint, [...plan.targets, ...plan.alternatives]);
    if (unreachable !== undefined) {
      board.removeRegistrations(id);
      await this.run.finish(false, unreachable);
      this.ended.resolve();
      throw refused(unreachable);
    }
    board.removeRegistrations(id);
    for (const t of plan.targets) {
      board.putRegistration({
        ...startingView(id, this.regionOf(t, plan), now()),
        runId: this.run.runId,
        message: 'Registering…',
      });
    }
    void this.lifecycle(plan, this.run);
  }

  /** Un-registers and saves the run; resolves when done. */
  stop(): Promise<void> {
    this.stopping.abort();
    return this.ended.promise;
  }

  /** close() ran out of time: save the run as it is and let go of the socket. */
  async forceEnd(): Promise<void> {
    this.stopping.abort();
    for (const t of this.trackers) t.detach();
    this.settleViews('Stopped: SIP Field Kit closed before the un-register was answered');
    await this.run?.finish(false, 'SIP Field Kit closed before the registration ended cleanly');
    this.ended.resolve();
  }

  private async lifecycle(plan: RegistrationPlan, run: LiveRun): Promise<void> {
    let outcome: Outcome = { ok: false, summary: 'stopped before the registration completed' };
    try {
      const results = await this.startWithFailover(plan, run);
      if (results !== 'stopped') await Promise.race([aborted(this.stopping.signal), this.gaveUp.promise]);
      const gaveUp = !this.stopping.signal.aborted;
      // Put away as failed: the view keeps the failure, not "stopped".
      if (gaveUp) for (const t of this.trackers) t.detach();
      await Promise.all(this.trackers.map((t) => t.reg.stop()));
      outcome = this.outcome(results, gaveUp);
    } catch (error) {
      this.deps.ctx.log(`the registration of target ${this.target.id} stopped because of a bug`, error);
      outcome = { ok: false, summary: `stopped by an internal error: ${(error as Error).message}` };
      for (const t of this.trackers) t.detach();
      this.settleViews('Stopped by an internal error; the log has the details');
    } finally {
      this.settleViews();
      await run.finish(outcome.ok, outcome.summary);
      this.ended.resolve();
    }
  }

  /** Starts the registrations (RFC 3263 §4.3 failover with one target), views following each. */
  private async startWithFailover(
    plan: RegistrationPlan,
    run: LiveRun,
  ): Promise<readonly RegistrationResult[] | 'stopped'> {
    const { results } = await startWithFailover(run.endpoint, plan, true, this.stopping.signal, {
      onCreated: (started, targets) => {
        this.later = started.later;
        this.trackers = started.regs.map(
          (reg, i) =>
            new RegistrationTracker(
              reg,
              this.viewOf(this.regionOf(targets[i]!, plan)),
              this.deps.now,
              (view) => this.onView(view),
            ),
        );
      },
      onFailover: (failed, next) => {
        // The failed target's un-register must not move the view on from the failover line.
        for (const t of this.trackers) t.detach();
        this.deps.board.updateRegistration(this.target.id, this.target.server, (v) => ({
          ...v,
          state: 'registering',
          message: `${sentence(failed.message)}; trying the next target: ${next.host} (${fmt(next)})`,
          updatedAtMs: this.deps.now(),
        }));
      },
    });
    return results === 'aborted' ? 'stopped' : results;
  }

  private onView(view: RegistrationView): void {
    this.deps.board.putRegistration(view);
    if (this.trackers.length > 0 && this.trackers.every((t) => t.failedForGood)) this.gaveUp.resolve();
  }

  private outcome(results: readonly RegistrationResult[] | 'stopped', gaveUp: boolean): Outcome {
    if (results === 'stopped') return { ok: false, summary: 'stopped before the registration completed' };
    const total = this.trackers.length;
    const registered = this.trackers.filter((t) => t.registeredEver).length;
    const firstFailure = this.trackers.find((t) => t.lastFailure !== undefined)?.lastFailure ?? 'failed';
    const partly = (why: string): string =>
      total === 1 ? why : `registered to ${registered} of ${total} targets; ${why}`;
    if (gaveUp) return { ok: false, summary: partly(firstFailure) };
    if (registered < total) {
      const why = this.trackers.find((t) => !t.registeredEver)?.lastFailure ?? 'no answer before the stop';
      return { ok: false, summary: partly(why) };
    }
    const unregisterFailed = this.trackers.some((t) => t.unregisterFailed);
    let summary = `registered to ${total === 1 ? 'the registrar' : `all ${total} targets`}${unregisterFailed ? ', but un-register failed' : ', then un-registered'}`;
    if (this.later.length > 0) summary += `; but the registration did not hold: ${this.later.join('; ')}`;
    return { ok: !unregisterFailed && this.later.length === 0, summary };
  }

  /** Every view of this target that is still moving ends as stopped. */
  private settleViews(message?: string): void {
    const { board, now } = this.deps;
    for (const view of board.registrationsOf(this.target.id)) {
      if (view.state === 'stopped' || view.state === 'failed') continue;
      board.updateRegistration(view.targetId, view.region, (v) => ({
        ...v,
        state: 'stopped',
        message: message ?? stoppedLine(v),
        nextRefreshAtMs: undefined,
        blockedUntilMs: undefined,
        updatedAtMs: now(),
      }));
    }
  }

  private viewOf(region: string): RegistrationView {
    return (
      this.deps.board.registrationsOf(this.target.id).find((v) => v.region === region) ??
      startingView(this.target.id, region, this.deps.now())
    );
  }

  /** One line per region with allTargets; the server as the user typed it otherwise. */
  private regionOf(t: SipTarget, plan: RegistrationPlan): string {
    return plan.targets.length > 1 ? `${t.host} (${fmt(t)})` : this.target.server;
  }

  private runInput(plan: RegistrationPlan, transport: string) {
    const t = this.target;
    return {
      kind: 'register' as const,
      target: t.server,
      profile: plan.profile.name,
      params: {
        targetName: t.name,
        user: t.user,
        authUser: t.authUser || undefined,
        domain: t.domain || plan.spec.host,
        expires: plan.expires,
        allTargets: this.allTargets,
        transport,
        targets: plan.targets.map((x) => fmt(x)),
        mode: 'until stopped',
      },
    };
  }
}

function stoppedLine(view: RegistrationView): string {
  switch (view.state) {
    case 'blocked':
      return `Stopped while blocked. ${view.message}`;
    case 'starting':
    case 'registering':
      return 'Stopped before the registration completed';
    default:
      return 'Stopped';
  }
}
