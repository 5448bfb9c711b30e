// RFC 3261 §17.1.1 with RFC 6026's Accepted state: the INVITE client transaction.
//
//   Calling:    "the client transaction MUST start timer A with a value of T1 [unreliable
//               transport] … When timer A fires, the client transaction MUST retransmit the
//               request … and reset the timer with a value of 2*T1." (no T2 cap for INVITE)
//               "If … timer B fires while the client transaction is still in the 'Calling'
//               state, the client transaction SHOULD inform the TU that a timeout has occurred."
//   Proceeding: provisional responses go to the TU; no more retransmissions.
//   Completed:  a 300-699 response is ACKed by the transaction itself (§17.1.1.3); timer D
//               (≥ 32 s on UDP, 0 on TCP) absorbs retransmitted finals, each ACKed again.
//   Accepted:   (RFC 6026 §8.4) a 2xx goes to the TU, which ACKs it in a new transaction; further
//               2xx (retransmissions, other forks) also go to the TU until timer M = 64*T1.
import { StateMachine } from '../state-machine';
import type { Timer, TimerWheel } from '../timer-wheel';
import type { InboundMessage } from '../transport/sip-transport';
import type { ClientTransactionUser } from './non-invite-client';
import type { SipTimerValues } from './sip-timers';

export enum IctState {
  Calling = 'Calling',
  Proceeding = 'Proceeding',
  Completed = 'Completed',
  Accepted = 'Accepted',
  Terminated = 'Terminated',
}

const ICT_TRANSITIONS: Readonly<Record<IctState, readonly IctState[]>> = {
  [IctState.Calling]: [IctState.Proceeding, IctState.Completed, IctState.Accepted, IctState.Terminated],
  [IctState.Proceeding]: [IctState.Completed, IctState.Accepted, IctState.Terminated],
  [IctState.Completed]: [IctState.Terminated],
  [IctState.Accepted]: [IctState.Terminated],
  [IctState.Terminated]: [],
};

export interface InviteClientContext {
  readonly wheel: TimerWheel;
  readonly timers: SipTimerValues;
  readonly send: () => Promise<void>;
  /** Sends the ACK for a non-2xx final response (built by the caller from that response). */
  readonly sendAck: (response: InboundMessage) => Promise<void>;
  readonly reliable: boolean;
  readonly user: ClientTransactionUser;
  readonly onTerminated: () => void;
  /**
   * Told after every send in Calling (the first and each timer A retransmission), so a screen
   * can say "INVITE sent 4×, giving up in 12 s" from the transaction's own timers, not a guess.
   */
  readonly onSent?: (sent: InviteSent) => void;
}

/** Where an INVITE client transaction stands while nobody has answered (times on the wheel's clock). */
export interface InviteSent {
  /** How many times the INVITE has been sent, the first included. */
  readonly count: number;
  /** When timer A sends it again; absent on a reliable transport (TCP never retransmits). */
  readonly nextAtMs?: number;
  /** When timer B (64×T1 after the first send) gives up. */
  readonly giveUpAtMs: number;
}

export class InviteClientTransaction {
  private readonly sm = new StateMachine(IctState.Calling, ICT_TRANSITIONS, 'INVITE client transaction');
  private timerA: Timer | undefined;
  private timerB: Timer | undefined;
  private timerD: Timer | undefined;
  private timerM: Timer | undefined;
  private interval: number;
  private aDue = 0;
  private bDue = 0;
  retransmissions = 0;

  constructor(private readonly ctx: InviteClientContext) {
    this.interval = ctx.timers.T1;
  }

  get state(): IctState {
    return this.sm.current;
  }

  start(): void {
    this.transmit();
    const now = this.ctx.wheel.now();
    if (!this.ctx.reliable) {
      this.aDue = now + this.interval;
      this.timerA = this.ctx.wheel.scheduleAt(this.aDue, () => this.onTimerA());
    }
    this.bDue = now + 64 * this.ctx.timers.T1;
    this.timerB = this.ctx.wheel.scheduleAt(this.bDue, () => this.onTimerB());
    this.tellSent();
  }

  receive(response: InboundMessage): void {
    const status = response.sip.status ?? 0;
    switch (this.sm.current) {
      case IctState.Calling:
      case IctState.Proceeding:
        this.timerA?.cancel();
        if (status < 200) {
          this.timerB?.cancel();
          this.sm.to(IctState.Proceeding);
          this.ctx.user.onResponse(response);
        } else if (status < 300) {
          this.timerB?.cancel();
          this.sm.to(IctState.Accepted);
          this.timerM = this.ctx.wheel.schedule(64 * this.ctx.timers.T1, () => this.terminate());
          this.ctx.user.onResponse(response);
        } else {
          this.timerB?.cancel();
          this.sm.to(IctState.Completed);
          this.ack(response);
          this.ctx.user.onResponse(response);
          if (this.ctx.reliable) this.terminate();
          else
            this.timerD = this.ctx.wheel.schedule(Math.max(32_000, 64 * this.ctx.timers.T1), () =>
              this.terminate(),
            );
        }
        return;
      case IctState.Completed:
        // A retransmitted final response: our ACK was lost; ACK again, tell no one.
        if (status >= 300) this.ack(response);
        return;
      case IctState.Accepted:
        if (status >= 200 && status < 300) this.ctx.user.onResponse(response);
        return;
      case IctState.Terminated:
        return;
    }
  }

  abort(): void {
    this.terminate();
  }

  private onTimerA(): void {
    if (!this.sm.is(IctState.Calling)) return;
    this.retransmissions++;
    this.transmit();
    this.interval *= 2;
    this.aDue += this.interval;
    this.timerA = this.ctx.wheel.scheduleAt(this.aDue, () => this.onTimerA());
    this.tellSent();
  }

  private tellSent(): void {
    // A retransmission timer A would schedule past timer B never happens: say none is due.
    const next = this.ctx.reliable || this.aDue >= this.bDue ? undefined : this.aDue;
    this.ctx.onSent?.({ count: this.retransmissions + 1, nextAtMs: next, giveUpAtMs: this.bDue });
  }

  private onTimerB(): void {
    if (!this.sm.is(IctState.Calling)) return;
    this.terminate();
    this.ctx.user.onTimeout();
  }

  private ack(response: InboundMessage): void {
    this.ctx.sendAck(response).catch(() => undefined);
  }

  private transmit(): void {
    this.ctx.send().catch((err: Error) => {
      if (this.sm.is(IctState.Terminated)) return;
      this.terminate();
      this.ctx.user.onTransportError(err);
    });
  }

  private terminate(): void {
    if (this.sm.is(IctState.Terminated)) return;
    for (const t of [this.timerA, this.timerB, this.timerD, this.timerM]) t?.cancel();
    this.sm.to(IctState.Terminated);
    this.ctx.onTerminated();
  }
}
