// The load generator (issue 7): fixed rate, channel hold, ramp to failure (CPS or channels) and
// the registration rate (register-run.ts), with exact pacing, safety rails and per-second results.
//
// Design. `sip`'s transaction objects cost ~0.5 CPU-s per 1,000 calls (38% in GC) and fail above a
// few hundred CPS, so the load path has its own lean engine:
//  - One UDP socket (load-socket.ts) with 8 MB SO_RCVBUF/SO_SNDBUF asked for (the kernel caps it at
//    net.core.rmem_max), sends without callbacks.
//  - Pacing (pacing-schedule.ts, pacer.ts): call i of a segment starts at start + i * 1000 / cps,
//    computed, never accumulated; the pacer sleeps until ~2 ms before a due time and then polls with
//    setImmediate, so start times are within a fraction of a millisecond of the schedule.
//  - Templates (fixed-template.ts, sip-templates.ts): the INVITE and CANCEL are compiled once into
//    bytes with fixed-width fields (call id, CSeq digit); a call's INVITE is one buffer copy plus
//    three small writes. ACK and BYE depend on the dialog and are one string each.
//  - Compact per-call state (call-table.ts): typed arrays indexed by slot plus a free list; the
//    Call-ID carries the slot number (call-ids.ts), so a reply finds its call without a hash map.
//  - One timer wheel (../timer-wheel.ts, 10 ms ticks) for every retransmission (RFC 3261 timer A
//    doubling for INVITE, E doubling capped at T2 for BYE/CANCEL, B/F at 64*T1), ring timeouts,
//    holds and the once-a-second rows.
//  - Replies are read by a one-pass header scanner (fast-reply.ts: status line, Call-ID, CSeq, To
//    and its tag, Contact, Record-Route, Retry-After, Warning, challenges) into one reused object;
//    requests from the far side and anything unexpected go to npm `sip`'s parser (parseWire).
//  - Digest: a 401/407 to an INVITE is answered with electron/engine/auth's DigestAuthenticator
//    (one per challenged call, dropped when the call ends).
//  - Capture: every datagram sent and received goes to the CaptureSink with its summary filled from
//    what the engine already knows (no second parse); the trace store batches the writes (512 per
//    transaction, or every 100 ms).
//  - Its own thread (load-off-thread.ts, used by the CLI and the app): the store's commits take a
//    few ms each and, on the same thread, delayed call starts (pacing p99 6-9 ms at 2,000+ CPS).
//    The worker sends captured messages back packed (capture-batch.ts: one transferred buffer and
//    parallel arrays per 512 messages or 20 ms), and the store is written on the thread that owns it.
//  - Abort stops the schedule, BYEs answered calls and CANCELs ringing ones (500 unanswered at
//    once, the next as each is answered, so a burst of thousands does not overflow the far side's
//    socket buffer), gives each BYE or CANCEL 1.9 s for its answer and an unanswered INVITE 1.9 s
//    from the abort, and resolves once no call is up; a 2xx arriving for a call we gave up on is
//    ACKed and BYEd at once, so a run never leaves calls up.
import { systemClock, type Clock } from '../clock';
import { TimerWheel } from '../timer-wheel';
import { CallEngine } from './call-engine';
import { makeRunTag } from './call-ids';
import { holdMsFor } from './hold-time';
import { openLoadSocket, type LoadSocket } from './load-socket';
import { StrayGate } from './stray-gate';
import { LoadStats } from './load-stats';
import type { LoadPlan, LoadReport, LoadRunHandle, StartLoadOptions } from './load-types';
import { Pacer } from './pacer';
import { PacingSchedule, type DueCall } from './pacing-schedule';
import { SampleBuffer } from './percentiles';
import { callsInStep, DEFAULT_OPEN_CPS, planFigures, rampSteps } from './plan-figures';
import { decideStep, DEFAULT_FAILURE_THRESHOLD, rampOutcome, type StepDecision } from './ramp-decision';
import { startRegisterLoad } from './register-run';
import { RtpBlaster } from './rtp-blaster';
import { LoadTemplates } from './sip-templates';
import { callVerdict } from './verdict';

/** Lead time before the first call, so the first start is on schedule too. */
const LEAD_MS = 100;

export function startLoad(opts: StartLoadOptions): LoadRunHandle {
  if (opts.plan.mode === 'register') return startRegisterLoad(opts);
  const run = new CallLoadRun(opts);
  return { done: run.done, abort: () => run.abort() };
}

interface StepCounter {
  value: number;
  planned: number;
  started: number;
  answered: number;
  failed: number;
  decision: StepDecision;
}

class CallLoadRun {
  readonly done: Promise<LoadReport>;
  private resolveDone!: (r: LoadReport) => void;
  private rejectDone!: (e: unknown) => void;
  private readonly clock: Clock;
  private readonly plan: LoadPlan;
  private readonly stats = new LoadStats();
  private readonly schedule = new PacingSchedule();
  private readonly pacing = new SampleBuffer(4096);
  private readonly steps: StepCounter[] = [];
  private readonly stepValues: number[];
  private readonly threshold: number;
  private readonly expectedS: number;
  private wheel!: TimerWheel;
  private socket: LoadSocket | undefined;
  private media: RtpBlaster | undefined;
  private engine!: CallEngine;
  private pacer!: Pacer;
  private t0 = 0;
  private second = 0;
  private currentStep: number | undefined;
  private aborted = false;
  private finished = false;
  /** True once the mode has nothing more to start (the schedule ran out or the ramp ended). */
  private scheduleDone = false;
  private releasing = false;
  private lastClean: number | undefined;
  private firstFailing: number | undefined;
  private abortWaiters: (() => void)[] = [];
  private holdTimer: { cancel(): void } | undefined;
  private gate!: StrayGate;

  constructor(private readonly opts: StartLoadOptions) {
    this.clock = opts.clock ?? systemClock;
    this.plan = opts.plan;
    this.threshold = opts.plan.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    this.stepValues =
      this.plan.mode === 'ramp-cps' || this.plan.mode === 'ramp-channels'
        ? rampSteps(this.plan.rampStart ?? 1, this.plan.rampStep ?? 1, this.plan.rampMax ?? 1)
        : [];
    this.expectedS = Math.max(planFigures(this.plan).durationS, 1);
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.init().catch((err) => {
      void this.cleanup();
      this.rejectDone(err);
    });
  }

  private async init(): Promise<void> {
    const { target, plan } = this.opts;
    // The server's datagrams at once, anyone else's in turn and bounded (stray-gate.ts).
    this.gate = new StrayGate({
      server: target.server,
      handle: (msg, from) => {
        if (this.t0 > 0) this.rollDue(this.clock.nowMs());
        this.engine.onMessage(msg, from);
      },
      onDropped: () => this.opts.capture.notCaptured?.('in', 'queue-full'),
    });
    this.wheel = new TimerWheel({ clock: this.clock, onError: (e) => this.warn(String(e)) });
    this.socket = await openLoadSocket({
      server: target.server,
      localAddress: target.localAddress,
      localPort: target.localPort,
      onMessage: this.gate.receive,
      onError: (err) => this.warn(`socket: ${err.message}`),
    });
    if (plan.media) this.media = await RtpBlaster.open(this.socket.local.address);
    const server = target.server;
    const templates = new LoadTemplates({
      fromUser: target.user ?? 'sipkit',
      fromHost: target.fromHost ?? server.address,
      toUser: plan.to,
      domain: target.domain ?? (server.port === 5060 ? server.address : `${server.address}:${server.port}`),
      localAddress: this.socket.local.address,
      localPort: this.socket.local.port,
      rtpPort: this.media?.port ?? 9,
      runTag: makeRunTag(),
    });
    this.engine = new CallEngine({
      clock: this.clock,
      wheel: this.wheel,
      socket: this.socket,
      server,
      templates,
      capture: this.opts.capture,
      stats: this.stats,
      credentials:
        target.user !== undefined && target.password !== undefined
          ? { user: target.user, password: target.password }
          : undefined,
      media: this.media,
      onOutcome: (step, answered) => this.onOutcome(step, answered),
      onSettled: () => this.checkDone(),
    });
    this.opts.onReady?.({
      local: this.socket.local,
      recvBufferBytes: this.socket.recvBufferBytes,
      sendBufferBytes: this.socket.sendBufferBytes,
    });
    this.pacer = new Pacer(
      this.clock,
      this.schedule,
      (call) => this.startCall(call),
      () => this.onScheduleIdle(),
    );
    if (this.aborted) {
      this.scheduleDone = true;
      this.checkDone();
      return;
    }
    this.t0 = this.clock.nowMs() + LEAD_MS;
    this.planStart();
    this.wheel.scheduleAt(this.t0 + 1000, this.tickSecond);
    this.pacer.wake();
  }

  private planStart(): void {
    const p = this.plan;
    switch (p.mode) {
      case 'fixed': {
        const cps = p.cps!;
        const byDuration = p.durationS !== undefined ? Math.ceil(cps * p.durationS) : Infinity;
        const count = Math.min(p.calls ?? Infinity, byDuration);
        this.steps.push(counter(cps, count));
        this.schedule.add({ startMs: this.t0, cps, count, stepIndex: 0 });
        return;
      }
      case 'channels': {
        const n = p.channels!;
        this.steps.push(counter(n, n));
        this.schedule.add({ startMs: this.t0, cps: p.cps ?? DEFAULT_OPEN_CPS, count: n, stepIndex: 0 });
        return;
      }
      case 'ramp-cps': {
        const stepS = p.rampStepSeconds!;
        this.stepValues.forEach((cps, k) => {
          const count = callsInStep(cps, stepS);
          this.steps.push(counter(cps, count));
          this.schedule.add({ startMs: this.t0 + k * stepS * 1000, cps, count, step: cps, stepIndex: k });
        });
        return;
      }
      case 'ramp-channels':
        this.startChannelStep(0, this.t0);
        return;
      case 'register':
        return;
    }
  }

  private startChannelStep(k: number, atMs: number): void {
    const target = this.stepValues[k]!;
    const need = Math.max(0, target - this.engine.up);
    this.steps.push(counter(target, need));
    this.currentStep = target;
    if (need > 0) {
      this.schedule.add({
        startMs: atMs,
        cps: this.plan.cps ?? DEFAULT_OPEN_CPS,
        count: need,
        step: target,
        stepIndex: k,
      });
      this.pacer.wake();
    } else {
      this.evaluate();
    }
  }

  private startCall(call: DueCall): void {
    if (this.aborted || this.finished) return;
    const now = this.clock.nowMs();
    this.pacing.add(now - call.dueMs);
    this.rollDue(now);
    const k = call.segment.stepIndex;
    const c = this.steps[k];
    if (c) c.started++;
    if (this.plan.mode === 'ramp-cps') this.currentStep = call.segment.step;
    const holding = this.plan.mode === 'channels' || this.plan.mode === 'ramp-channels';
    this.engine.start(k, holding ? Infinity : holdMsFor(this.plan.holdMinS, this.plan.holdMaxS));
  }

  private onOutcome(step: number, answered: boolean): void {
    const c = this.steps[step];
    if (!c) return;
    if (answered) c.answered++;
    else c.failed++;
    this.evaluate();
  }

  /** Re-decides the steps after an outcome and moves the mode on. */
  private evaluate(): void {
    if (this.aborted) return;
    for (const c of this.steps) if (c.decision === 'pending') c.decision = decideStep(c, this.threshold);
    const mode = this.plan.mode;
    if (mode === 'ramp-cps') {
      this.rampCpsOutcome();
      if (this.firstFailing !== undefined && !this.scheduleDone) this.stopScheduling();
      return;
    }
    if (this.scheduleDone) return;
    if (mode === 'ramp-channels') {
      const k = this.steps.length - 1;
      const c = this.steps[k]!;
      if (c.decision === 'failing') {
        this.firstFailing = c.value;
        this.stopScheduling();
        this.releaseAll();
      } else if (c.decision === 'clean' && !this.holdTimer) {
        this.lastClean = c.value;
        this.holdTimer = this.wheel.schedule(this.plan.rampStepSeconds! * 1000, () => {
          this.holdTimer = undefined;
          if (this.aborted || this.scheduleDone) return;
          if (k + 1 < this.stepValues.length) this.startChannelStep(k + 1, this.clock.nowMs());
          else {
            this.stopScheduling();
            this.releaseAll();
          }
        });
      }
    } else if (mode === 'channels') {
      const c = this.steps[0]!;
      if (c.decision !== 'pending' && !this.holdTimer) {
        this.holdTimer = this.wheel.schedule((this.plan.durationS ?? this.plan.holdMaxS) * 1000, () => {
          this.stopScheduling();
          this.releaseAll();
        });
      }
    }
  }

  private rampCpsOutcome(): void {
    const out = rampOutcome(
      this.stepValues,
      this.steps.map((c) => c.decision),
    );
    // An aborted ramp keeps what it had decided; a ramp cut short by a failing step has no
    // decisions for the steps after it, which is right.
    this.lastClean = out.lastCleanStep;
    this.firstFailing = out.firstFailingStep;
  }

  private stopScheduling(): void {
    this.scheduleDone = true;
    this.schedule.stop();
    this.pacer.stop();
    this.checkDone();
  }

  private releaseAll(): void {
    this.releasing = true;
    this.engine.endAll();
    this.checkDone();
  }

  private onScheduleIdle(): void {
    // Fixed and CPS ramps are fully scheduled up front; the channel modes add steps as they go.
    if (this.plan.mode === 'fixed' || this.plan.mode === 'ramp-cps') {
      if (this.plan.mode === 'ramp-cps') this.rampCpsOutcome();
      this.scheduleDone = true;
      this.checkDone();
    }
  }

  private readonly tickSecond = (): void => {
    if (this.finished) return;
    this.rollDue(this.clock.nowMs());
    this.wheel.scheduleAt(this.t0 + (this.second + 1) * 1000, this.tickSecond);
  };

  /** Closes every second that has ended (events are counted in the second they happen in). */
  private rollDue(now: number): void {
    while (!this.finished && now >= this.t0 + (this.second + 1) * 1000) {
      const row = this.stats.roll(this.second, this.engine.up, this.currentStep);
      this.second++;
      this.opts.onSecond?.(row);
      this.progress();
    }
  }

  private progress(): void {
    const elapsedS = Math.max(0, (this.clock.nowMs() - this.t0) / 1000);
    const stepText = this.currentStep !== undefined ? `step ${this.currentStep}, ` : '';
    this.opts.onProgress?.({
      progress: Math.min(1, elapsedS / this.expectedS),
      elapsedS,
      message: `${stepText}${this.stats.attempts} calls, ${this.stats.answered} answered, ${this.stats.failed} failed, ${this.engine.up} up`,
    });
  }

  async abort(): Promise<void> {
    if (this.finished) return;
    if (!this.aborted) {
      this.aborted = true;
      this.scheduleDone = true;
      this.schedule.stop();
      this.pacer?.stop();
      this.holdTimer?.cancel();
      this.engine?.abortAll();
    }
    await new Promise<void>((resolve) => {
      this.abortWaiters.push(resolve);
      this.checkDone();
    });
  }

  private checkDone(): void {
    if (this.finished || !this.engine) {
      if (this.finished) this.flushAbortWaiters();
      return;
    }
    if (this.aborted && this.engine.live === 0) this.flushAbortWaiters();
    if (!this.scheduleDone && !this.releasing) return;
    if (this.engine.live > 0) return;
    this.finished = true;
    void this.finish();
  }

  private flushAbortWaiters(): void {
    const waiters = this.abortWaiters;
    this.abortWaiters = [];
    for (const w of waiters) w();
  }

  private async finish(): Promise<void> {
    // The last (partial) second, unless the run ended exactly on a boundary.
    const row = this.stats.roll(this.second, this.engine.up, this.currentStep);
    if (row.attempts + row.answered + row.failed + row.retransmissions > 0 || this.stats.seconds.length === 1)
      this.opts.onSecond?.(row);
    else this.stats.seconds.pop();
    this.flushAbortWaiters();
    if (this.plan.mode === 'ramp-cps') {
      for (const c of this.steps) if (c.decision === 'pending') c.decision = decideStep(c, this.threshold);
      this.rampCpsOutcome();
    }
    const media = this.media ? { sent: this.media.sent, received: this.media.received } : undefined;
    await this.cleanup();
    const pacing = this.pacing.summary();
    const totals = this.stats.totals();
    const ramp = this.plan.mode === 'ramp-cps' || this.plan.mode === 'ramp-channels';
    const result = {
      ...(ramp && this.lastClean !== undefined ? { lastCleanStep: this.lastClean } : {}),
      ...(ramp && this.firstFailing !== undefined ? { firstFailingStep: this.firstFailing } : {}),
      statuses: { ...this.stats.statuses },
      warnings: [...this.stats.warnings],
      ...(this.stats.retryAfterS !== undefined ? { retryAfterS: this.stats.retryAfterS } : {}),
      verdict: callVerdict({
        plan: this.plan,
        profile: this.opts.profile,
        totals,
        statuses: this.stats.statuses,
        lastCleanStep: ramp ? this.lastClean : undefined,
        firstFailingStep: ramp ? this.firstFailing : undefined,
        retryAfterS: this.stats.retryAfterS,
        aborted: this.aborted,
      }),
    };
    if (media)
      result.verdict.push(
        `media: ${media.sent} RTP packets sent (one second of PCMU silence per answered call), ${media.received} received`,
      );
    this.resolveDone({
      seconds: this.stats.seconds,
      result,
      totals,
      aborted: this.aborted,
      ...(pacing.p50 === undefined
        ? {}
        : {
            pacing: { samples: this.pacing.count, p50Ms: pacing.p50, p99Ms: pacing.p99!, maxMs: pacing.max! },
          }),
    });
  }

  private async cleanup(): Promise<void> {
    this.gate.close();
    this.pacer?.stop();
    this.wheel?.stop();
    await this.media?.close();
    await this.socket?.close();
  }

  private warn(message: string): void {
    this.opts.onWarning?.(message);
  }
}

function counter(value: number, planned: number): StepCounter {
  return { value, planned, started: 0, answered: 0, failed: 0, decision: 'pending' };
}
