// The call side of the load generator: per-call INVITE/ACK/BYE/CANCEL transactions over one
// socket, driven by one timer wheel (see load-run.ts for the whole design). Every message sent or
// received is handed to the capture sink with its summary filled from what the engine already
// knows, so capture costs no second parse.
import type { CapturedMessage, Endpoint } from '../../../shared/trace-types';
import { DigestAuthenticator } from '../auth/digest-authenticator';
import type { Clock } from '../clock';
import { parseWire, type ParsedSip } from '../sip/parse-message';
import type { TimerWheel } from '../timer-wheel';
import { DEFAULT_TIMERS } from '../transaction/sip-timers';
import type { CaptureSink } from '../transport/capture-sink';
import { callIdentity, slotOfCallId } from './call-ids';
import { CallState, CallTable, isLive, ownString } from './call-table';
import { responseTo } from './far-requests';
import { newFastReply, readReply, type FastReply } from './fast-reply';
import type { LoadSocket } from './load-socket';
import type { LoadStats } from './load-stats';
import type { RtpBlaster } from './rtp-blaster';
import { routeLines, type LoadTemplates } from './sip-templates';
import { parseDeltaSeconds } from '../../../shared/sip/delta-seconds';

/** RFC 3261 timers for UDP: the same base values as the engine's transactions. */
const { T1, T2 } = DEFAULT_TIMERS;
const TIMER_B = 64 * T1;
const TIMER_F = 64 * T1;
/** How long a finished call's slot absorbs retransmitted final replies (re-ACKing them). */
const LINGER_MS = 4000;
/**
 * While aborting: a call not yet answered is given up this long after the abort began, and a BYE
 * or CANCEL waits this long for its answer from when it goes out (its retransmissions at 0.5 and
 * 1.5 s included). From when it goes out, not from the abort: with 100,000 calls the last BYEs
 * leave seconds after the abort, and a shared deadline left them 200 ms (15% went unconfirmed).
 */
const ABORT_WAIT_MS = 1900;
/**
 * Calls ended per 10 ms wheel tick when many end at once (abort, end of a channel run): 10,000
 * BYEs in one burst overflow the far side's socket buffer (measured: 28% lost against SIPp), and
 * so would their retransmissions 500 ms later. 250 a tick (25,000 BYEs/s, what SIPp answers at
 * its top CPS) ends 100,000 held calls in 4 s; 100 a tick took 10 s.
 */
const END_PER_TICK = 250;
/**
 * ...and at most this many of those BYEs and CANCELs unanswered at once: the next ones go out as
 * answers come back (endNext), at the far side's pace. A fixed rate overran a busy far side
 * (SIPp's UAS reads into a 128 KB socket buffer, ~100 datagrams): its drops came back as
 * retransmissions on top of the next BYEs, and a 100,000-call abort took 19 s with 37% of its
 * BYEs unanswered. Measured against SIPp, 30,000 held: 200 → 3.5 s, 500 → 2.6 s, 1,000 → 2.2 s
 * with 46 BYEs unanswered.
 */
const END_IN_FLIGHT = 500;
/** A far side that answers none of them for this many ticks (1 s) is not pacing us: the rest go at END_PER_TICK. */
const END_SILENT_TICKS = 100;

/** Calls being ended many at once: `fn` ends slots[next..]; `settled` counts calls settled since. */
interface Ending {
  readonly slots: readonly number[];
  next: number;
  readonly fn: (slot: number) => void;
  /** False once the far side answered nothing for END_SILENT_TICKS: the rest go at END_PER_TICK. */
  paced: boolean;
  settled: number;
}

export interface CallEngineOptions {
  readonly clock: Clock;
  readonly wheel: TimerWheel;
  readonly socket: LoadSocket;
  readonly server: Endpoint;
  readonly templates: LoadTemplates;
  readonly capture: CaptureSink;
  readonly stats: LoadStats;
  readonly credentials?: { readonly user: string; readonly password: string };
  readonly media?: RtpBlaster;
  /** CANCEL a call still ringing after this long (default 60 s). */
  readonly ringTimeoutMs?: number;
  /** Told once per call when it is answered or has failed. */
  readonly onOutcome: (step: number, answered: boolean) => void;
  /** Told whenever a call stops being live (ended, failed, cancelled). */
  readonly onSettled: () => void;
}

export class CallEngine {
  readonly table = new CallTable(1024);
  private readonly reply: FastReply = newFastReply();
  private readonly auths = new Map<number, DigestAuthenticator>();
  private seq = 0;
  private aborting = false;
  /** The calls an abort or the end of a channel run is ending (inChunks), until all are sent. */
  private ends: Ending | undefined;
  private abortDeadline = 0;
  /** Datagrams that matched no call of this run. */
  strays = 0;
  /** Datagrams the fast path could not read (handled by the full parser). */
  slowPath = 0;

  constructor(private readonly o: CallEngineOptions) {}

  /** Starts one call now. Returns its slot. */
  start(step: number, holdMs: number): number {
    const t = this.table;
    const slot = t.allocate();
    const id = callIdentity(++this.seq, slot);
    t.id[slot] = id;
    t.callId[slot] = this.o.templates.callId(id);
    t.step[slot] = step;
    t.holdMs[slot] = holdMs;
    t.cseq[slot] = 1;
    t.retries[slot] = 0;
    t.endWanted[slot] = 0;
    t.setState(slot, CallState.Calling);
    t.startedMs[slot] = this.o.clock.nowMs();
    this.o.stats.attempt();
    this.sendInvite(slot, this.o.templates.fillInvite(id, 1));
    return slot;
  }

  /** Hangs up (BYE) or cancels one call. */
  end(slot: number): void {
    const st = this.table.state[slot];
    if (st === CallState.Up) this.sendBye(slot);
    else if (st === CallState.Proceeding) this.sendCancel(slot);
    else if (st === CallState.Calling) this.table.endWanted[slot] = 1;
  }

  /** Ends every call (BYE or CANCEL), END_PER_TICK at a time. */
  endAll(): void {
    const slots: number[] = [];
    const t = this.table;
    for (let slot = 0; slot < t.capacity; slot++) if (isLive(t.state[slot]!)) slots.push(slot);
    this.inChunks(slots, (slot) => this.end(slot));
  }

  /**
   * Ends every call: BYE the answered, CANCEL the ringing (END_PER_TICK at a time), give up on the
   * silent after ABORT_WAIT_MS; done ABORT_WAIT_MS after the last BYE or CANCEL at the latest.
   */
  abortAll(): void {
    this.aborting = true;
    this.abortDeadline = this.o.clock.nowMs() + ABORT_WAIT_MS;
    const t = this.table;
    const slots: number[] = [];
    for (let slot = 0; slot < t.capacity; slot++) {
      const st = t.state[slot]!;
      if (!isLive(st)) continue;
      if (st === CallState.Calling) {
        t.endWanted[slot] = 1;
        this.o.stats.status('aborted');
        this.setLife(slot, this.abortWait(), () => this.giveUp(slot));
      } else if (st === CallState.Proceeding || st === CallState.Up) {
        if (st === CallState.Proceeding) this.o.stats.status('aborted');
        slots.push(slot);
      } else {
        this.setLife(slot, this.abortWait(), () => this.finish(slot));
      }
    }
    this.inChunks(slots, (slot) => this.end(slot));
  }

  private inChunks(slots: readonly number[], fn: (slot: number) => void): void {
    const t = this.table;
    // An abort during the end of a channel run takes over: its list holds every live call.
    if (this.ends !== undefined) this.ends.next = this.ends.slots.length;
    const ends: Ending = { slots, next: 0, fn, paced: true, settled: 0 };
    this.ends = ends;
    /** Calls settled as of the previous tick, and ticks in a row in which none was. */
    let settledBefore = 0;
    let silentTicks = 0;
    const run = (): void => {
      silentTicks = t.ending > 0 && ends.settled === settledBefore ? silentTicks + 1 : 0;
      settledBefore = ends.settled;
      if (silentTicks >= END_SILENT_TICKS) ends.paced = false;
      const room = ends.paced ? Math.max(0, Math.min(END_PER_TICK, END_IN_FLIGHT - t.ending)) : END_PER_TICK;
      const stop = Math.min(slots.length, ends.next + room);
      while (ends.next < stop) fn(slots[ends.next++]!);
      if (ends.next < slots.length) this.o.wheel.schedule(0, run);
      else if (this.ends === ends) this.ends = undefined;
    };
    run();
  }

  /**
   * A call just settled (its BYE or CANCEL answered, or given up): while many are being ended,
   * the next one goes out now rather than at the next tick. Clocked by the answers, the BYEs
   * leave one by one as the far side takes them, not in 10 ms bursts that overflow its socket
   * buffer (SIPp's UAS: ~100 datagrams); the dropped ones held their place in END_IN_FLIGHT until
   * retransmitted 0.5 s later, and 100,000 held calls took 13.7 s to end.
   */
  private endNext(): void {
    const e = this.ends;
    if (e === undefined) return;
    e.settled++;
    if (e.paced && e.next < e.slots.length && this.table.ending < END_IN_FLIGHT) e.fn(e.slots[e.next++]!);
  }

  /** Time left until the abort deadline (at least 200 ms, so a last BYE gets its answer). */
  private abortWait(): number {
    return Math.max(200, this.abortDeadline - this.o.clock.nowMs());
  }

  get live(): number {
    return this.table.live;
  }

  get up(): number {
    return this.table.up;
  }

  /** `from` is kept in the capture as it is: callers hand over an Endpoint of their own. */
  readonly onMessage = (msg: Buffer, from: Endpoint): void => {
    const r = this.reply;
    const remote = from;
    if (readReply(msg, r)) {
      this.capture(msg, 'in', remote, r.callId, r.cseq, r.cseqMethod, undefined, r.status, r.reason);
      this.onReply(r, msg);
      return;
    }
    this.slowPath++;
    const parsed = parseWire(msg);
    if (!parsed.ok) {
      this.o.capture.capture({
        ...this.summary('in', remote),
        parsed: false,
        parseError: parsed.error,
        raw: msg,
      });
      return;
    }
    const p = parsed.sip;
    this.capture(msg, 'in', remote, p.callId, p.cseq.seq, p.cseq.method, p.method, p.status, p.reason);
    if (p.kind === 'request') this.onRequest(p, remote);
    else this.strays++;
  };

  private onReply(r: FastReply, msg: Buffer): void {
    const t = this.table;
    const slot = slotOfCallId(r.callId, this.o.templates.ctx.runTag);
    if (slot < 0 || slot >= t.capacity || t.callId[slot] !== r.callId) {
      this.strays++;
      return;
    }
    const st = t.state[slot]!;
    if (r.cseqMethod === 'INVITE') {
      if (r.status >= 300)
        this.send(slot, this.o.templates.ackNon2xx(t.id[slot]!, r.cseq, r.to), this.o.server, r.cseq, 'ACK');
      if (r.cseq !== t.cseq[slot]) return; // a reply to an earlier (challenged) INVITE
      if (r.status < 200) {
        if (st === CallState.Calling) {
          t.setState(slot, CallState.Proceeding);
          t.retxTimer[slot]?.cancel();
          t.retxTimer[slot] = undefined;
          t.pending[slot] = undefined;
          if (t.endWanted[slot]) this.sendCancel(slot);
          else this.setLife(slot, this.o.ringTimeoutMs ?? 60_000, () => this.ringTimeout(slot));
        }
        return;
      }
      if (r.status < 300) {
        this.onAnswer(slot, st, r, msg);
        return;
      }
      if (st === CallState.Calling || st === CallState.Proceeding) {
        if ((r.status === 401 || r.status === 407) && this.retryWithAuth(slot, r)) return;
        this.noteFailureHeaders(r);
        this.o.stats.fail(String(r.status));
        // Settled before the outcome is told: a refusal that ends the run (a ramp's cap found)
        // ends every live call, and this one, already refused, must not get a CANCEL (RFC 3261 §9.1).
        const step = t.step[slot]!;
        this.linger(slot);
        this.o.onOutcome(step, false);
      } else if (st === CallState.Cancelling) {
        this.o.stats.status(String(r.status));
        this.linger(slot);
      }
      return;
    }
    if (r.status < 200) return;
    if (r.cseqMethod === 'BYE' && st === CallState.Ending) this.finish(slot);
    else if (r.cseqMethod === 'CANCEL' && st === CallState.Cancelling) {
      // RFC 3261 §9.1/§17.1.2: a final reply completes the CANCEL's own transaction, so its
      // retransmissions stop; the call itself still waits for the INVITE's 487 (or 2xx).
      t.retxTimer[slot]?.cancel();
      t.retxTimer[slot] = undefined;
      t.pending[slot] = undefined;
    }
  }

  private onAnswer(slot: number, st: number, r: FastReply, msg: Buffer): void {
    const t = this.table;
    if (st === CallState.Up || st === CallState.Ending) {
      // A retransmitted 2xx: our ACK was lost, send it again (the same bytes, built again).
      this.send(slot, this.ackOf(slot), this.dest(slot), t.cseq[slot]!, 'ACK');
      return;
    }
    const firstOutcome = st === CallState.Calling || st === CallState.Proceeding;
    if (firstOutcome) {
      this.o.stats.answer(this.o.clock.nowMs() - t.startedMs[slot]!);
      this.o.onOutcome(t.step[slot]!, true);
    }
    t.to[slot] = ownString(r.to);
    t.target[slot] = ownString(r.contact);
    t.routes[slot] = routeLines(r.recordRoutes);
    t.retxTimer[slot]?.cancel();
    t.retxTimer[slot] = undefined;
    t.lifeTimer[slot]?.cancel();
    t.lifeTimer[slot] = undefined;
    t.pending[slot] = undefined;
    t.setState(slot, CallState.Up);
    this.o.stats.noteConcurrent(t.up);
    this.send(slot, this.ackOf(slot), this.dest(slot), t.cseq[slot]!, 'ACK');
    if (this.o.media && r.bodyStart >= 0) this.o.media.startFromSdp(msg.toString('latin1', r.bodyStart));
    // Answered after we gave up on it or while cancelling: hang up at once (never leave it up).
    if (!firstOutcome || t.endWanted[slot] || this.aborting) {
      this.sendBye(slot);
      return;
    }
    const hold = t.holdMs[slot]!;
    if (hold <= 0) this.sendBye(slot);
    else if (Number.isFinite(hold)) this.setLife(slot, hold, () => this.sendBye(slot));
  }

  private retryWithAuth(slot: number, r: FastReply): boolean {
    const creds = this.o.credentials;
    const t = this.table;
    if (!creds || t.cseq[slot]! >= 9) return false;
    let auth = this.auths.get(slot);
    if (!auth) {
      auth = new DigestAuthenticator({ username: creds.user, password: creds.password });
      this.auths.set(slot, auth);
    }
    const step = auth.respond({
      status: r.status,
      headerValues: r.challenges,
      method: 'INVITE',
      uri: this.o.templates.requestUri,
    });
    if (step.kind === 'failed') return false;
    const cseq = t.cseq[slot]! + 1;
    t.cseq[slot] = cseq;
    t.retries[slot] = 0;
    t.setState(slot, CallState.Calling);
    this.sendInvite(slot, this.o.templates.inviteWithAuth(t.id[slot]!, cseq, step.headers));
    return true;
  }

  private onRequest(p: ParsedSip, remote: Endpoint): void {
    const t = this.table;
    const slot = slotOfCallId(p.callId, this.o.templates.ctx.runTag);
    const ours = slot >= 0 && slot < t.capacity && t.callId[slot] === p.callId;
    const method = p.method ?? '';
    if (method === 'ACK') return;
    let status = 200;
    let reason = 'OK';
    if (method === 'BYE') {
      if (ours && (t.state[slot] === CallState.Up || t.state[slot] === CallState.Ending)) {
        this.reply200AndFinish(p, remote, slot);
        return;
      }
      status = 481;
      reason = 'Call/Transaction Does Not Exist';
    } else if (method === 'INVITE') {
      status = 488;
      reason = 'Not Acceptable Here';
    } else if (!['OPTIONS', 'INFO', 'NOTIFY', 'UPDATE'].includes(method)) {
      status = 501;
      reason = 'Not Implemented';
    }
    const buf = responseTo(p, status, reason, 'sipkitload');
    this.o.socket.send(buf, remote);
    this.capture(buf, 'out', remote, p.callId, p.cseq.seq, p.cseq.method, undefined, status, reason);
  }

  private reply200AndFinish(p: ParsedSip, remote: Endpoint, slot: number): void {
    const buf = responseTo(p, 200, 'OK', 'sipkitload');
    this.o.socket.send(buf, remote);
    this.capture(buf, 'out', remote, p.callId, p.cseq.seq, p.cseq.method, undefined, 200, 'OK');
    this.finish(slot);
  }

  private noteFailureHeaders(r: FastReply): void {
    if (r.warning) this.o.stats.noteWarning(r.warning);
    if (r.retryAfter) {
      const s = parseDeltaSeconds(r.retryAfter);
      if (s !== undefined) this.o.stats.retryAfterS = s;
    }
  }

  private sendInvite(slot: number, buf: Buffer): void {
    const t = this.table;
    t.pending[slot] = buf;
    this.send(slot, buf, this.o.server, t.cseq[slot]!, 'INVITE');
    this.scheduleRetransmit(slot, T1, false);
    this.setLife(slot, this.aborting ? this.abortWait() : TIMER_B, () => this.inviteTimeout(slot));
  }

  /** Timer A (INVITE: doubling without a cap) or E (non-INVITE: doubling capped at T2). */
  private scheduleRetransmit(slot: number, interval: number, capped: boolean): void {
    const t = this.table;
    t.retxTimer[slot] = this.o.wheel.schedule(interval, () => {
      const buf = t.pending[slot];
      if (!buf) return;
      const st = t.state[slot];
      const method = st === CallState.Ending ? 'BYE' : st === CallState.Cancelling ? 'CANCEL' : 'INVITE';
      const to = st === CallState.Ending ? this.dest(slot) : this.o.server;
      const cseq = st === CallState.Ending ? t.cseq[slot]! + 1 : t.cseq[slot]!;
      this.send(slot, buf, to, cseq, method);
      this.o.stats.retransmission();
      const next = capped ? Math.min(interval * 2, T2) : interval * 2;
      this.scheduleRetransmit(slot, next, capped);
    });
  }

  private inviteTimeout(slot: number): void {
    const t = this.table;
    if (t.state[slot] !== CallState.Calling) return;
    if (!this.aborting) {
      this.o.stats.fail('timeout');
      this.o.onOutcome(t.step[slot]!, false);
    }
    this.linger(slot);
  }

  private ringTimeout(slot: number): void {
    this.o.stats.fail('timeout');
    this.o.onOutcome(this.table.step[slot]!, false);
    this.sendCancel(slot);
  }

  private giveUp(slot: number): void {
    if (this.table.state[slot] === CallState.Calling) this.linger(slot);
  }

  private sendCancel(slot: number): void {
    const t = this.table;
    t.setState(slot, CallState.Cancelling);
    t.retxTimer[slot]?.cancel();
    const buf = this.o.templates.fillCancel(t.id[slot]!, t.cseq[slot]!);
    t.pending[slot] = buf;
    this.send(slot, buf, this.o.server, t.cseq[slot]!, 'CANCEL');
    this.scheduleRetransmit(slot, T1, true);
    this.setLife(slot, this.aborting ? ABORT_WAIT_MS : TIMER_F, () => this.linger(slot));
  }

  private sendBye(slot: number): void {
    const t = this.table;
    if (t.state[slot] !== CallState.Up) return;
    t.setState(slot, CallState.Ending);
    t.retxTimer[slot]?.cancel();
    const cseq = t.cseq[slot]! + 1;
    const dialog = { to: t.to[slot]!, target: t.target[slot]!, routes: t.routes[slot]! };
    const buf = this.o.templates.inDialog('BYE', t.id[slot]!, cseq, dialog);
    t.pending[slot] = buf;
    this.send(slot, buf, this.dest(slot), cseq, 'BYE');
    this.scheduleRetransmit(slot, T1, true);
    this.setLife(slot, this.aborting ? ABORT_WAIT_MS : TIMER_F, () => this.finish(slot));
  }

  /**
   * The ACK of the call's 2xx, built from its dialog each time it is sent rather than kept: a kept
   * ACK was a slice of Node's shared 8 KB buffer pool, and one live slice keeps its whole slab, so
   * each held call pinned ~1 KB (3.5 KB with the store's copies in the same pool) beside ~0.6 KB
   * of its own state. A retransmitted 2xx is rare; RFC 3261 §13.2.2.4 wants the same ACK again,
   * and these are the same bytes (same id, CSeq and dialog).
   */
  private ackOf(slot: number): Buffer {
    const t = this.table;
    const dialog = { to: t.to[slot]!, target: t.target[slot]!, routes: t.routes[slot]! };
    return this.o.templates.inDialog('ACK', t.id[slot]!, t.cseq[slot]!, dialog);
  }

  private setLife(slot: number, ms: number, fn: () => void): void {
    const t = this.table;
    t.lifeTimer[slot]?.cancel();
    t.lifeTimer[slot] = this.o.wheel.schedule(ms, fn);
  }

  /** The call is over; keep the slot a while so retransmitted final replies get their ACK. */
  private linger(slot: number): void {
    const t = this.table;
    t.retxTimer[slot]?.cancel();
    t.retxTimer[slot] = undefined;
    t.pending[slot] = undefined;
    this.auths.delete(slot);
    t.setState(slot, CallState.Lingering);
    this.setLife(slot, LINGER_MS, () => t.release(slot));
    this.o.onSettled();
    this.endNext();
  }

  private finish(slot: number): void {
    this.auths.delete(slot);
    this.table.release(slot);
    this.o.onSettled();
    this.endNext();
  }

  /** Where in-dialog requests go: the first Route (our outbound proxy), else the Contact's address. */
  private dest(slot: number): Endpoint {
    const t = this.table;
    if (t.routes[slot]) return this.o.server;
    const m = /^sips?:(?:[^@]*@)?(\d+\.\d+\.\d+\.\d+)(?::(\d+))?/.exec(t.target[slot] ?? '');
    return m ? { address: m[1]!, port: m[2] ? Number(m[2]) : 5060 } : this.o.server;
  }

  private send(slot: number, buf: Buffer, to: Endpoint, cseq: number, method: string): void {
    this.o.socket.send(buf, to);
    this.capture(buf, 'out', to, this.table.callId[slot]!, cseq, method, method, undefined, undefined);
  }

  private summary(direction: 'in' | 'out', remote: Endpoint) {
    return {
      tsMicros: this.o.clock.nowMicros(),
      direction,
      transport: 'udp' as const,
      local: this.o.socket.local,
      remote,
    };
  }

  private capture(
    raw: Buffer,
    direction: 'in' | 'out',
    remote: Endpoint,
    callId: string,
    cseqSeq: number,
    cseqMethod: string,
    method: string | undefined,
    status: number | undefined,
    reason: string | undefined,
  ): void {
    // One object of one shape per message: absent fields are undefined, not left out through
    // spreads (each spread was a throw-away object, and the mixed shapes slowed every reader).
    const m: CapturedMessage = {
      tsMicros: this.o.clock.nowMicros(),
      direction,
      transport: 'udp',
      local: this.o.socket.local,
      remote,
      parsed: true,
      callId,
      cseqSeq,
      cseqMethod,
      method,
      status,
      reason: status === undefined ? undefined : reason,
      raw,
    };
    try {
      this.o.capture.capture(m);
    } catch {
      // A sink must never break the engine (capture-sink.ts); the store reports its own errors.
    }
  }
}
