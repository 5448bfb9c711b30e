// Calls of a stored run that may still be up on the far side: our INVITE was answered 2xx and no
// BYE ended the dialog (RFC 3261 §15: a dialog ends with a BYE's final response, or the far side's
// own BYE). When sipkit was killed mid-run, the far side still holds these calls, and a provider
// counts them against the channel limit until it times them out (often hours).
import type { MessageSummary } from '../../shared/trace-types';

/** Messages as stored (with their bytes) or their summaries only: the walk needs no bytes. */
export interface OpenDialog<M extends MessageSummary = MessageSummary> {
  readonly callId: string;
  /** Our last INVITE of the call (after any digest retry): From, To, Call-ID, Request-URI. */
  readonly invite: M;
  /** The first 2xx to it: the far side's tag, Contact and Record-Route. */
  readonly answer: M;
  /** The highest CSeq number we sent in the call; the BYE takes the next one (§12.2.1.1). */
  readonly lastCseq: number;
}

interface CallState<M> {
  invite?: M;
  answer?: M;
  lastCseq: number;
  ended: boolean;
}

/** Walks the run's messages (capture order) and returns the calls we placed that are not over. */
export function findOpenDialogs<M extends MessageSummary>(messages: Iterable<M>): OpenDialog<M>[] {
  const calls = new Map<string, CallState<M>>();
  for (const m of messages) {
    if (!m.parsed || !m.callId) continue;
    let call = calls.get(m.callId);
    if (call === undefined) {
      call = { lastCseq: 0, ended: false };
      calls.set(m.callId, call);
    }
    observe(call, m);
  }
  const open: OpenDialog<M>[] = [];
  for (const [callId, c] of calls) {
    if (c.ended || c.invite === undefined || c.answer === undefined) continue;
    open.push({ callId, invite: c.invite, answer: c.answer, lastCseq: c.lastCseq });
  }
  return open;
}

function observe<M extends MessageSummary>(call: CallState<M>, m: M): void {
  if (m.direction === 'out' && m.method !== undefined) {
    if (m.method !== 'ACK' && m.cseqSeq !== undefined) call.lastCseq = Math.max(call.lastCseq, m.cseqSeq);
    // A call the far side placed to us (answer runs) has no INVITE of ours: not ours to end here.
    if (m.method === 'INVITE') call.invite = m;
    return;
  }
  if (m.direction !== 'in') return;
  if (m.method === 'BYE') {
    // The far side hung up: its dialog is over whatever became of our 200.
    call.ended = true;
    return;
  }
  const status = m.status;
  if (status === undefined) return;
  if (m.cseqMethod === 'INVITE' && status >= 200 && status < 300 && call.answer === undefined) {
    call.answer = m;
  }
  // Any final answer to our BYE but a digest challenge means the far side has dealt with it
  // (200, or 481: it had no such dialog any more).
  if (m.cseqMethod === 'BYE' && status >= 200 && status !== 401 && status !== 407) call.ended = true;
}
