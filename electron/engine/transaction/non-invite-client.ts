// RFC 3261 §17.1.2: the non-INVITE client transaction (REGISTER, OPTIONS, BYE, …).
//
//   "If an unreliable transport is in use, the client transaction MUST set timer E to fire in T1
//    seconds. […] If timer E fires while still in this state, the timer is reset, but this time
//    with a value of MIN(2*T1, T2). When the timer fires again, it is reset to a MIN(4*T1, T2)."
//   "If Timer E fires while in the Proceeding state, the request MUST be passed to the transport
//    layer for retransmission, and Timer E MUST be reset with a value of T2 seconds."
//
// npm `sip` keeps doubling past T2; here the interval is capped, which the unit tests check.
import { StateMachine } from '../state-machine';
import type { Timer, TimerWheel } from '../timer-wheel';
import type { InboundMessage } from '../transport/sip-transport';
import type { SipTimerValues } from './sip-timers';

export enum NictState {
  Trying = 'Trying',
  Proceeding = 'Proceeding',
  Completed = 'Completed',
  Terminated = 'Terminated',
}

const NICT_TRANSITIONS: Readonly<Record<NictState, readonly NictState[]>> = {
  [NictState.Trying]: [NictState.Proceeding, NictState.Completed, NictState.Terminated],
  [NictState.Proceeding]: [NictState.Completed, NictState.Terminated],
  [NictState.Completed]: [NictState.Terminated],
  [NictState.Terminated]: [],
};

export interface ClientTransactionUser {
  /** Provisional responses, then the first final response. Retransmitted finals are absorbed. */
  onResponse(response: InboundMessage): void;
  /** Timer F (or B) fired: no final response. */
  onTimeout(): void;
  onTransportError(err: Error): void;
}

export interface ClientTransactionContext {
  readonly wheel: TimerWheel;
  readonly timers: SipTimerValues;
  /** Sends (or re-sends) the request's bytes. */
  readonly send: () => Promise<void>;
  /** TCP: no retransmissions and no wait in Completed (RFC 3261 §17.1.2.2). */
  readonly reliable: boolean;
  readonly user: ClientTransactionUser;
  readonly onTerminated: () => void;
}

export class NonInviteClientTransaction {
  private readonly sm: StateMachine<NictState>;
  private timerE: Timer | undefined;
  private timerF: Timer | undefined;
  private timerK: Timer | undefined;
  private interval: number;
  /** When timer E is due, on the wheel's clock; advanced by the interval, not by when it ran. */
  private eDue = 0;
  /** How many times the request was sent again after the first send. */
  retransmissions = 0;

  constructor(private readonly ctx: ClientTransactionContext) {
    this.sm = new StateMachine(NictState.Trying, NICT_TRANSITIONS, 'non-INVITE client transaction');
    this.interval = ctx.timers.T1;
  }

  get state(): NictState {
    return this.sm.current;
  }

  start(): void {
    this.transmit();
    this.eDue = this.ctx.wheel.now() + this.interval;
    if (!this.ctx.reliable) this.timerE = this.ctx.wheel.scheduleAt(this.eDue, () => this.onTimerE());
    this.timerF = this.ctx.wheel.schedule(64 * this.ctx.timers.T1, () => this.onTimerF());
  }

  receive(response: InboundMessage): void {
    const status = response.sip.status ?? 0;
    if (this.sm.is(NictState.Completed, NictState.Terminated)) return; // retransmitted final
    if (status < 200) {
      this.sm.to(NictState.Proceeding);
      this.ctx.user.onResponse(response);
      return;
    }
    this.sm.to(NictState.Completed);
    this.timerE?.cancel();
    this.timerF?.cancel();
    this.ctx.user.onResponse(response);
    // Timer K: T4 on UDP to absorb retransmitted responses, zero on TCP.
    if (this.ctx.reliable) this.terminate();
    else this.timerK = this.ctx.wheel.schedule(this.ctx.timers.T4, () => this.terminate());
  }

  /** Stop everything without reporting (the user gave up, or the engine is closing). */
  abort(): void {
    this.terminate();
  }

  private onTimerE(): void {
    if (!this.sm.is(NictState.Trying, NictState.Proceeding)) return;
    this.retransmissions++;
    this.transmit();
    this.interval = this.sm.is(NictState.Proceeding)
      ? this.ctx.timers.T2
      : Math.min(2 * this.interval, this.ctx.timers.T2);
    this.eDue += this.interval;
    this.timerE = this.ctx.wheel.scheduleAt(this.eDue, () => this.onTimerE());
  }

  private onTimerF(): void {
    if (!this.sm.is(NictState.Trying, NictState.Proceeding)) return;
    this.terminate();
    this.ctx.user.onTimeout();
  }

  private transmit(): void {
    this.ctx.send().catch((err: Error) => {
      if (this.sm.is(NictState.Terminated)) return;
      // RFC 3261 §17.1.4: a transport error ends the transaction and is reported to the TU.
      this.terminate();
      this.ctx.user.onTransportError(err);
    });
  }

  private terminate(): void {
    if (this.sm.is(NictState.Terminated)) return;
    this.timerE?.cancel();
    this.timerF?.cancel();
    this.timerK?.cancel();
    this.sm.to(NictState.Terminated);
    this.ctx.onTerminated();
  }
}
