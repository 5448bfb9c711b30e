// How long a live call has been at it, ticking: an INVITE nobody answers says how many times the
// engine sent it and counts down to the moment its timer B gives up, a ringing call counts up, an answered call shows how long it has been up.
import type { CallView } from '../../../shared/ipc/schemas/live';
import { useNow } from '../common/use-now';

/** The line for a call still going, or undefined once it has ended. */
export function callClockText(c: CallView, nowMs: number): string | undefined {
  const since = (ms: number): number => Math.max(0, Math.floor((nowMs - ms) / 1000));
  if (c.state === 'answered') return `Up ${since(c.answeredAtMs ?? c.startedAtMs)} s`;
  if (c.state === 'ringing') return `Ringing for ${since(c.startedAtMs)} s`;
  if (c.state !== 'calling') return undefined;
  const waited = since(c.startedAtMs);
  if (c.progress.length > 0 || c.inviteSent === undefined) return `Calling for ${waited} s`;
  // The engine's own count and timer B deadline (RFC 3261 §17.1.1.2), not an estimate.
  const left = Math.max(0, Math.ceil((c.inviteSent.giveUpAtMs - nowMs) / 1000));
  return `No answer after ${waited} s: INVITE sent ${c.inviteSent.count}×, giving up in ${left} s`;
}

export function CallClock({ call }: { readonly call: CallView }) {
  const now = useNow(500);
  const text = callClockText(call, now);
  if (text === undefined) return null;
  return (
    <p className="small muted" data-testid="call-clock">
      {text}
    </p>
  );
}
