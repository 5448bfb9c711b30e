// A call's state in one word, as sngrep's call list shows it (calling, ringing, in call, completed,
// cancelled, rejected, busy, diverted): read from the INVITE dialog's messages in capture order.
// Requests other than INVITE have no call state.
import type { CallState } from '../../shared/ipc/schemas/traces';

export interface StateFacts {
  readonly method?: string;
  readonly status?: number;
  readonly cseqMethod?: string;
}

/** Busy everywhere (RFC 3261 §21.4.24, §21.6.1). */
const BUSY: ReadonlySet<number> = new Set([486, 600]);
/** Request Terminated: the answer to a CANCEL (RFC 3261 §9.2). */
const TERMINATED = 487;

/**
 * `firstMethod` is the call's first request; `finalStatus` the final status of its transaction
 * (after any digest challenge was answered); `messages` every message of the Call-ID.
 */
export function callState(
  firstMethod: string,
  finalStatus: number | undefined,
  messages: readonly StateFacts[],
): CallState | undefined {
  if (firstMethod !== 'INVITE') return undefined;
  const has = (method: string): boolean => messages.some((m) => m.method?.toUpperCase() === method);
  if (finalStatus === undefined) {
    if (has('CANCEL')) return 'cancelled';
    const ringing = messages.some(
      (m) =>
        m.status !== undefined &&
        m.status > 100 &&
        m.status < 200 &&
        (m.cseqMethod ?? 'INVITE').toUpperCase() === 'INVITE',
    );
    return ringing ? 'ringing' : 'calling';
  }
  if (finalStatus < 300) return has('BYE') ? 'completed' : 'in call';
  if (finalStatus === TERMINATED || has('CANCEL')) return 'cancelled';
  if (BUSY.has(finalStatus)) return 'busy';
  if (finalStatus < 400) return 'diverted';
  return 'rejected';
}
