// RFC 3261 §17.2.1 with RFC 6026's Accepted state: the INVITE server transaction.
//
//   Proceeding: provisional responses from the TU are sent; a retransmitted INVITE gets the last
//               provisional again.
//   Completed:  a 300-699 final is retransmitted on timer G (T1, doubling, capped at T2) until an
//               ACK arrives or timer H (64*T1) gives up; the ACK moves to Confirmed, which absorbs
//               ACK retransmissions for timer I (T4).
//   Accepted:   a 2xx final. RFC 3261 §13.3.1.4 makes the UAS core retransmit the 2xx (T1
//               doubling to T2) until the ACK — a separate transaction — arrives, and give up
//               after 64*T1. This class does that retransmission itself so the call layer only
//               reports the ACK (ackReceived) or hears that it never came (onAckTimeout).
import { StateMachine } from '../state-machine';
import type { Timer, TimerWheel } from '../timer-wheel';
import type { SipTimerValues } from './sip-timers';

export enum IstState {
  Proceeding = 'Proceeding',
  Completed = 'Completed',
  Confirmed = 'Confirmed',
  Accepted = 'Accepted',
  Terminated = 'Terminated',
}

const IST_TRANSITIONS: Readonly<Record<IstState, readonly IstState[]>> = {
  [IstState.Proceeding]: [IstState.Completed, IstState.Accepted, IstState.Terminated],
  [IstState.Completed]: [IstState.Confirmed, IstState.Terminated],
  [IstState.Confirmed]: [IstState.Terminated],
  [IstState.Accepted]: [IstState.Terminated],
  [IstState.Terminated]: [],
};

export interface InviteServerContext {
  readonly wheel: TimerWheel;
  readonly timers: SipTimerValues;
  readonly reliable: boolean;
  readonly send: (bytes: string) => Promise<void>;
  readonly onTerminated: () => void;
  /** No ACK arrived for our final response within 64*T1. */
  readonly onAckTimeout?: (status: number) => void;
}

export class InviteServerTransaction {
  private readonly sm = new StateMachine(IstState.Proceeding, IST_TRANSITIONS, 'INVITE server transaction');
  private last: { bytes: string; status: number } | undefined;
  private timerG: Timer | undefined;
  private timerH: Timer | undefined;
  private timerI: Timer | undefined;
  private interval = 0;
  private gDue = 0;

  constructor(private readonly ctx: InviteServerContext) {}

  get state(): IstState {
    return this.sm.current;
  }

  get finalStatus(): number | undefined {
    return this.last && this.last.status >= 200 ? this.last.status : undefined;
  }

  /** The TU's response. Ignored once a final response was sent. */
  respond(status: number, bytes: string): void {
    if (!this.sm.is(IstState.Proceeding)) return;
    this.last = { bytes, status };
    this.transmit();
    if (status < 200) return;
    this.sm.to(status < 300 ? IstState.Accepted : IstState.Completed);
    if (!this.ctx.reliable || status < 300) {
      this.interval = this.ctx.timers.T1;
      this.gDue = this.ctx.wheel.now() + this.interval;
      this.timerG = this.ctx.wheel.scheduleAt(this.gDue, () => this.onTimerG());
    }
    this.timerH = this.ctx.wheel.schedule(64 * this.ctx.timers.T1, () => this.onTimerH());
  }

  /** The INVITE arrived again (our response was lost, or not sent yet). */
  onRetransmission(): void {
    if (this.sm.is(IstState.Proceeding, IstState.Completed) && this.last) this.transmit();
  }

  /** An ACK matched this transaction (non-2xx) or its dialog (2xx). */
  ackReceived(): void {
    if (this.sm.is(IstState.Completed)) {
      this.cancelRetransmits();
      this.sm.to(IstState.Confirmed);
      this.timerI = this.ctx.wheel.schedule(this.ctx.reliable ? 0 : this.ctx.timers.T4, () =>
        this.terminate(),
      );
    } else if (this.sm.is(IstState.Accepted)) {
      this.terminate();
    }
  }

  abort(): void {
    this.terminate();
  }

  private onTimerG(): void {
    if (!this.sm.is(IstState.Completed, IstState.Accepted)) return;
    this.transmit();
    this.interval = Math.min(2 * this.interval, this.ctx.timers.T2);
    this.gDue += this.interval;
    this.timerG = this.ctx.wheel.scheduleAt(this.gDue, () => this.onTimerG());
  }

  private onTimerH(): void {
    if (!this.sm.is(IstState.Completed, IstState.Accepted)) return;
    const status = this.last?.status ?? 0;
    this.terminate();
    this.ctx.onAckTimeout?.(status);
  }

  private cancelRetransmits(): void {
    this.timerG?.cancel();
    this.timerH?.cancel();
  }

  private transmit(): void {
    if (this.last) this.ctx.send(this.last.bytes).catch(() => undefined);
  }

  private terminate(): void {
    if (this.sm.is(IstState.Terminated)) return;
    this.cancelRetransmits();
    this.timerI?.cancel();
    this.sm.to(IstState.Terminated);
    this.ctx.onTerminated();
  }
}
