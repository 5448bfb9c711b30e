// The registration timeline the UI and reports draw: per binding (AoR + registrar + Contact),
// each registration attempt with its time, the expiry asked and granted, the outcome, and the
// interval since the previous attempt. A 401/407 challenge and its authenticated retry are one
// attempt (registrations.ts).
import { findBuiltinProfile } from '../profiles/builtin-profiles';
import type { ProviderProfile } from '../profiles/profile-schema';
import { buildEndpointRoles } from './endpoint-roles';
import { buildRegistrations, type RegistrationAttempt } from './registrations';
import type { TraceMessage } from './trace-model';
import { buildTransactions, sameSenderCopies } from './transactions';

export type AttemptOutcome = 'registered' | 'unregistered' | 'challenged' | 'failed' | 'no-response';

export interface TimelineAttempt {
  /** The first REGISTER of the attempt. */
  readonly messageIndex: number;
  /** Its final response. */
  readonly finalIndex?: number;
  readonly atMicros?: number;
  /** Seconds since the first timed message of the trace. */
  readonly offsetSeconds?: number;
  /** Seconds since the previous attempt of the same binding. */
  readonly intervalSeconds?: number;
  readonly expiresAsked?: number;
  readonly expiresGranted?: number;
  readonly status?: number;
  readonly reason?: string;
  readonly outcome: AttemptOutcome;
  /** Answered 401/407 before the authenticated retry. */
  readonly challenged: boolean;
  readonly retryAfterSeconds?: number;
  /** REGISTER messages sent for this attempt, retransmissions included. */
  readonly requests: number;
}

export interface BindingTimeline {
  readonly aor: string;
  readonly contact: string;
  /** The registrar's address:port (or Request-URI host without addresses). */
  readonly registrar: string;
  readonly registrarName?: string;
  readonly source?: string;
  readonly attempts: readonly TimelineAttempt[];
}

function outcomeOf(a: RegistrationAttempt): AttemptOutcome {
  const s = a.status;
  if (s === undefined) return 'no-response';
  if (s >= 200 && s < 300) return a.unregister ? 'unregistered' : 'registered';
  if (s === 401 || s === 407) return 'challenged';
  return 'failed';
}

export function registrationTimeline(
  messages: readonly TraceMessage[],
  profile: ProviderProfile = findBuiltinProfile('generic') as ProviderProfile,
): readonly BindingTimeline[] {
  const set = buildTransactions(messages);
  const roles = buildEndpointRoles(messages, profile);
  let origin: number | undefined;
  for (const m of messages)
    if (m.tsMicros !== undefined && (origin === undefined || m.tsMicros < origin)) origin = m.tsMicros;
  return buildRegistrations(set.transactions, roles).map((b) => ({
    aor: b.aor,
    contact: b.contact,
    registrar: b.target,
    registrarName: b.targetName,
    source: b.source,
    attempts: b.attempts.map((a): TimelineAttempt => ({
      messageIndex: a.request.index,
      finalIndex: a.final?.index,
      atMicros: a.atMicros,
      offsetSeconds:
        a.atMicros !== undefined && origin !== undefined ? (a.atMicros - origin) / 1_000_000 : undefined,
      intervalSeconds: a.intervalMicros !== undefined ? a.intervalMicros / 1_000_000 : undefined,
      expiresAsked: a.expiresAsked,
      expiresGranted: a.expiresGranted,
      status: a.status,
      reason: a.final?.doc.reason,
      outcome: outcomeOf(a),
      challenged: a.challenged,
      retryAfterSeconds: a.retryAfterS,
      requests: a.transactions.reduce((n, tx) => n + sameSenderCopies(tx.requests).length, 0),
    })),
  }));
}
