// Registrations as the provider counts them. A binding is one address-of-record (To) registered at
// one registrar (the REGISTER's destination) for one Contact (RFC 3261 §10.2.1). An attempt is
// one REGISTER exchange: a REGISTER answered 401/407 and its authenticated retry (§22.2), or
// answered 423 and its retry with a longer expiry (§10.2.8), are ONE attempt, so the challenge
// never looks like a too-early refresh.
import { formatEndpoint } from './address-scope';
import { challengeRetry, isChallenge } from './challenge-retries';
import type { EndpointRoles } from './endpoint-roles';
import type { TraceMessage } from './trace-model';
import type { Transaction } from './transactions';
import { aorOf, contactKey, credentialUser, parseDeltaSeconds, retryAfterSeconds } from './sip-values';

/** A 423 retried later than this starts a new attempt (Timer F: 64 * T1 = 32 s). */
const SAME_EXCHANGE_MICROS = 32_000_000;

export interface RegistrationAttempt {
  readonly transactions: readonly Transaction[];
  /** The first REGISTER of the attempt. */
  readonly request: TraceMessage;
  readonly atMicros?: number;
  /** Seconds asked: the Contact's expires parameter, else the Expires header (§10.2.1.1). */
  readonly expiresAsked?: number;
  /** Seconds granted by the 2xx for this Contact (§10.2.4). */
  readonly expiresGranted?: number;
  /** The final response of the attempt's last transaction. */
  readonly final?: TraceMessage;
  readonly status?: number;
  readonly retryAfterS?: number;
  /** Answered 401/407 first. */
  readonly challenged: boolean;
  /** Expires 0 or Contact "*": a de-registration. */
  readonly unregister: boolean;
  /** Since the previous attempt of the same binding. */
  readonly intervalMicros?: number;
  /** The digest username, when the attempt carried credentials. */
  readonly credential?: string;
}

export interface RegistrationBinding {
  readonly key: string;
  readonly aor: string;
  readonly contact: string;
  /** The registrar: destination address:port, or the Request-URI host when addresses are unknown. */
  readonly target: string;
  /** The profile's registrar name for that target, when known. */
  readonly targetName?: string;
  /** Where the first REGISTER came from. */
  readonly source?: string;
  readonly attempts: readonly RegistrationAttempt[];
}

interface MutableAttempt {
  transactions: Transaction[];
  request: TraceMessage;
  challenged: boolean;
}

interface MutableBinding {
  key: string;
  aor: string;
  contact: string;
  target: string;
  targetName?: string;
  source?: string;
  callIds: Set<string>;
  attempts: MutableAttempt[];
}

export function registrationTarget(msg: TraceMessage): string {
  if (msg.dst) return formatEndpoint(msg.dst);
  const host = /^sips?:(?:[^@]*@)?([^;>]+)/i.exec(msg.doc.requestUri ?? '')?.[1];
  return (host ?? '?').toLowerCase();
}

export function expiresAsked(msg: TraceMessage): number | undefined {
  const contact = msg.doc.contacts[0];
  if (contact?.uriText.trim() === '*') return 0;
  const param = contact?.params.expires;
  return parseDeltaSeconds(param) ?? parseDeltaSeconds(msg.doc.first('expires'));
}

export function expiresGranted(ok: TraceMessage, request: TraceMessage): number | undefined {
  const mine = contactKey(request.doc.contacts[0]);
  const match = ok.doc.contacts.find((c) => contactKey(c) === mine);
  const only = ok.doc.contacts.length === 1 ? ok.doc.contacts[0] : undefined;
  return (
    parseDeltaSeconds(match?.params.expires) ??
    parseDeltaSeconds(ok.doc.first('expires')) ??
    parseDeltaSeconds(only?.params.expires)
  );
}

export function buildRegistrations(
  transactions: readonly Transaction[],
  roles: EndpointRoles,
): readonly RegistrationBinding[] {
  const bindings: MutableBinding[] = [];
  const byKey = new Map<string, MutableBinding>();

  for (const tx of transactions) {
    const req = tx.requests[0];
    if (tx.method !== 'REGISTER' || !req) continue;
    const aor = aorOf(req);
    const target = registrationTarget(req);
    const contact = contactKey(req.doc.contacts[0]);
    let binding: MutableBinding | undefined;
    if (contact === '*' || contact === '(no Contact)') {
      // A wildcard or contact-less REGISTER (de-registration, query) belongs to the binding it
      // refreshes: same AoR and registrar, same Call-ID if possible.
      const candidates = bindings.filter((b) => b.aor === aor && b.target === target);
      binding = candidates.find((b) => b.callIds.has(tx.callId)) ?? candidates[candidates.length - 1];
    }
    const key = `${aor}\n${target}\n${contact}`;
    binding ??= byKey.get(key);
    if (!binding) {
      binding = {
        key,
        aor,
        contact,
        target,
        targetName: roles.registrarName(req.dst) ?? registrarFromUri(req),
        source: req.src ? formatEndpoint(req.src) : undefined,
        callIds: new Set(),
        attempts: [],
      };
      bindings.push(binding);
      byKey.set(key, binding);
    }
    binding.callIds.add(tx.callId);

    const last = binding.attempts[binding.attempts.length - 1];
    const lastTx = last?.transactions[last.transactions.length - 1];
    if (last && lastTx && continuesExchange(lastTx, tx, req)) {
      last.transactions.push(tx);
      if (isChallenge(lastTx.final)) last.challenged = true;
    } else {
      binding.attempts.push({ transactions: [tx], request: req, challenged: false });
    }
  }
  return bindings.map(finishBinding);
}

function registrarFromUri(req: TraceMessage): string | undefined {
  if (req.dst) return undefined;
  return /^sips?:(?:[^@]*@)?([^;:>]+)/i.exec(req.doc.requestUri ?? '')?.[1]?.toLowerCase();
}

function continuesExchange(prev: Transaction, next: Transaction, req: TraceMessage): boolean {
  const final = prev.final;
  if (!final || prev.callId !== next.callId) return false;
  // A challenge is answered by its retry however late (challenge-retries.ts): a slow UA's retry
  // is not a new registration.
  if (isChallenge(final)) return challengeRetry(prev, [next]) === next;
  if (final.tsMicros !== undefined && req.tsMicros !== undefined) {
    if (req.tsMicros - final.tsMicros > SAME_EXCHANGE_MICROS) return false;
  }
  return final.doc.status === 423;
}

function finishBinding(b: MutableBinding): RegistrationBinding {
  let previous: number | undefined;
  const attempts = b.attempts.map((a): RegistrationAttempt => {
    const lastTx = a.transactions[a.transactions.length - 1];
    const final = lastTx?.final;
    const lastRequest = lastTx?.requests[0] ?? a.request;
    const status = final?.doc.status;
    const asked = expiresAsked(lastRequest);
    const granted =
      final && status !== undefined && status >= 200 && status < 300
        ? expiresGranted(final, lastRequest)
        : undefined;
    const at = a.request.tsMicros;
    const interval = at !== undefined && previous !== undefined ? at - previous : undefined;
    if (at !== undefined) previous = at;
    return {
      transactions: a.transactions,
      request: a.request,
      atMicros: at,
      expiresAsked: asked,
      expiresGranted: granted,
      final,
      status,
      retryAfterS: final ? retryAfterSeconds(final) : undefined,
      challenged: a.challenged,
      unregister: asked === 0,
      intervalMicros: interval,
      credential: a.transactions
        .map((t) => t.requests[0])
        .map((r) => (r ? credentialUser(r) : undefined))
        .find(Boolean),
    };
  });
  return {
    key: b.key,
    aor: b.aor,
    contact: b.contact,
    target: b.target,
    targetName: b.targetName,
    source: b.source,
    attempts,
  };
}

/** The registrar label a person reads: its name, with the address when both are known. */
export function bindingTargetLabel(b: RegistrationBinding): string {
  return b.targetName && b.targetName !== b.target ? `${b.targetName} (${b.target})` : b.target;
}
