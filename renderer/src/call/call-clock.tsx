// How long a live call has been at it, ticking: an INVITE nobody answers counts down to the moment
// the engine gives up, a ringing call counts up, an answered call shows how long it has been up.
import type { CallView } from '../../../shared/ipc/schemas/live';
import { useNow } from '../common/use-now';

/**
 * A client transaction gives up after 64×T1 without a response (RFC 3261 §17.1.1.2, timer B, with
 * T1 = 500 ms): 32 s. The engine's default timers are the RFC's.
 */
export const NO_ANSWER_GIVE_UP_S = 32;

/** The line for a call still going, or undefined once it has ended. */
export function callClockText(c: CallView, nowMs: number): string | undefined {
  const since = (ms: number): number => Math.max(0, Math.floor((nowMs - ms) / 1000));
  if (c.state === 'answered') return `Up ${since(c.answeredAtMs ?? c.startedAtMs)} s`;
  if (c.state === 'ringing') return `Ringing for ${since(c.startedAtMs)} s`;
  if (c.state !== 'calling') return undefined;
  const waited = since(c.startedAtMs);
  if (c.progress.length > 0) return `Calling for ${waited} s`;
  const left = Math.max(0, NO_ANSWER_GIVE_UP_S - waited);
  return `No answer to the INVITE yet after ${waited} s, re-sending it; giving up in ${left} s`;
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
