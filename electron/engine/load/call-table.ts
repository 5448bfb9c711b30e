// Compact per-call state: one slot per live call in typed arrays (numbers) and a few plain arrays
// (strings and buffers that only exist while needed), with a free list so slots are reused and a
// held call costs a few hundred bytes, not a transaction object graph.
import type { Timer } from '../timer-wheel';

export const CallState = {
  Free: 0,
  /** INVITE sent, nothing heard. */
  Calling: 1,
  /** A provisional reply came. */
  Proceeding: 2,
  /** Answered, ACKed, holding. */
  Up: 3,
  /** BYE sent. */
  Ending: 4,
  /** CANCEL sent. */
  Cancelling: 5,
  /** Finished; the slot absorbs retransmitted final replies for a while before it is freed. */
  Lingering: 6,
} as const;
export type CallState = (typeof CallState)[keyof typeof CallState];

export class CallTable {
  capacity: number;
  state: Uint8Array;
  /** Set while the run is aborting or the ring timed out: CANCEL/BYE at the next chance. */
  endWanted: Uint8Array;
  /** INVITE retransmissions so far (timer A doubling). */
  retries: Uint8Array;
  /** CSeq of the INVITE (1, or more after auth retries). */
  cseq: Uint8Array;
  /** The ramp step index the call belongs to. */
  step: Int32Array;
  /** Clock ms the first INVITE went out (setup latency runs from here). */
  startedMs: Float64Array;
  holdMs: Float64Array;
  id: string[];
  callId: string[];
  /** The request awaiting a reply, kept for retransmission (INVITE, BYE or CANCEL). */
  pending: (Buffer | undefined)[];
  /** Dialog: To header with tag, remote target, Route header lines. */
  to: string[];
  target: string[];
  routes: string[];
  retxTimer: (Timer | undefined)[];
  lifeTimer: (Timer | undefined)[];
  private free: Int32Array;
  private freeCount: number;
  /** Slots not Free and not Lingering. */
  live = 0;
  /** Slots Up (answered, not yet ended): the concurrent calls. */
  up = 0;
  /** Slots Ending or Cancelling: BYEs and CANCELs awaiting their answer. */
  ending = 0;
  used = 0;

  constructor(capacity = 1024) {
    this.capacity = 0;
    this.state = new Uint8Array(0);
    this.endWanted = new Uint8Array(0);
    this.retries = new Uint8Array(0);
    this.cseq = new Uint8Array(0);
    this.step = new Int32Array(0);
    this.startedMs = new Float64Array(0);
    this.holdMs = new Float64Array(0);
    this.id = [];
    this.callId = [];
    this.pending = [];
    this.to = [];
    this.target = [];
    this.routes = [];
    this.retxTimer = [];
    this.lifeTimer = [];
    this.free = new Int32Array(0);
    this.freeCount = 0;
    this.grow(capacity);
  }

  /** A free slot (the table grows when full). */
  allocate(): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    const slot = this.free[--this.freeCount]!;
    this.used++;
    return slot;
  }

  release(slot: number): void {
    if (this.state[slot] === CallState.Free) return;
    this.setState(slot, CallState.Free);
    this.retxTimer[slot]?.cancel();
    this.lifeTimer[slot]?.cancel();
    this.retxTimer[slot] = undefined;
    this.lifeTimer[slot] = undefined;
    this.pending[slot] = undefined;
    this.to[slot] = '';
    this.target[slot] = '';
    this.routes[slot] = '';
    this.callId[slot] = '';
    this.endWanted[slot] = 0;
    this.free[this.freeCount++] = slot;
    this.used--;
  }

  /** Changes state keeping `live` right. */
  setState(slot: number, next: CallState): void {
    const prev = this.state[slot]!;
    const wasLive = isLive(prev);
    if (prev === CallState.Up) this.up--;
    if (next === CallState.Up) this.up++;
    if (prev === CallState.Ending || prev === CallState.Cancelling) this.ending--;
    if (next === CallState.Ending || next === CallState.Cancelling) this.ending++;
    this.state[slot] = next;
    const nowLive = isLive(next);
    if (wasLive && !nowLive) this.live--;
    else if (!wasLive && nowLive) this.live++;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const copy = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.state = copy(this.state, (n) => new Uint8Array(n));
    this.endWanted = copy(this.endWanted, (n) => new Uint8Array(n));
    this.retries = copy(this.retries, (n) => new Uint8Array(n));
    this.cseq = copy(this.cseq, (n) => new Uint8Array(n));
    this.step = copy(this.step, (n) => new Int32Array(n));
    this.startedMs = copy(this.startedMs, (n) => new Float64Array(n));
    this.holdMs = copy(this.holdMs, (n) => new Float64Array(n));
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    this.free = free;
    // Highest slots pushed first, so low slots are handed out first.
    for (let s = capacity - 1; s >= old; s--) this.free[this.freeCount++] = s;
    for (let s = old; s < capacity; s++) {
      this.id.push('');
      this.callId.push('');
      this.pending.push(undefined);
      this.to.push('');
      this.target.push('');
      this.routes.push('');
      this.retxTimer.push(undefined);
      this.lifeTimer.push(undefined);
    }
    this.capacity = capacity;
  }
}

/**
 * A copy of `s` that keeps nothing else alive, for strings a call keeps while it is held (its To
 * and Contact). The reply reader's strings are slices of the datagram's whole text, and V8 keeps
 * a slice as a view of its parent: every held call kept its 200 OK (~500 bytes). A slice of a new
 * one-character-longer string is a view of just these characters (~80 ns, once per answer).
 */
export function ownString(s: string): string {
  return ` ${s}`.slice(1);
}

export function isLive(state: number): boolean {
  return state !== CallState.Free && state !== CallState.Lingering;
}
