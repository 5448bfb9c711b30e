// What the Register screen shows for one registration, folded from the engine's RegistrationEvents:
// the state, one line in plain words, the granted expiry and the next refresh for a countdown, a
// 429 block and when it ends, the bindings, and where the registrar saw us. Pure, so every mapping
// is tested without a network.
import type { RegistrationView } from '../../../shared/ipc/schemas/live';
import { RegistrationState, type RegistrationEvent } from '../../engine/register/registration';
import { fmt } from '../../engine/transport/sip-transport';

export function startingView(targetId: string, region: string, now: number): RegistrationView {
  return {
    targetId,
    region,
    state: 'starting',
    message: 'Looking up the server…',
    bindings: [],
    updatedAtMs: now,
  };
}

/**
 * The view after one event. `warnings` are the engine's warnings since the last success (a lapse
 * because of the provider's minimum interval, our Contact missing from the bindings); they join the
 * "registered" line so they are not lost under it.
 */
export function applyRegistrationEvent(
  view: RegistrationView,
  e: RegistrationEvent,
  now: number,
  warnings: readonly string[] = [],
): RegistrationView {
  const next = (patch: Partial<RegistrationView>): RegistrationView => ({
    ...view,
    ...patch,
    updatedAtMs: now,
  });
  switch (e.type) {
    case 'state':
      return applyState(view, e.state, next);
    case 'sending':
      // A refresh keeps the "registered" line: the binding holds while it goes out.
      if (view.state === 'registered' || e.expires === 0) return view;
      return next({
        message: `Sending REGISTER (Expires ${e.expires} s${e.authorized ? ', with credentials' : ''})…`,
      });
    case 'challenged':
      if (view.state === 'registered') return view;
      return next({
        lastStatus: e.status,
        message: `Answering the ${e.status} challenge (realm "${e.realm}", ${e.algorithm})…`,
      });
    case 'registered': {
      const seen = e.nat.seen ? fmt(e.nat.seen) : undefined;
      // The next refresh is not in the line: the card counts it down from nextRefreshAtMs, and a
      // number written here would stand still beside it.
      const parts = [
        `Registered for ${e.grantedExpires} s${e.grantedExpires !== e.askedExpires ? ` (asked ${e.askedExpires} s)` : ''}`,
      ];
      if (e.otherDevices.length > 0) {
        parts.push(
          `another device is registered with these credentials (${e.otherDevices.map((b) => b.contact).join(', ')}): one PBX per credential set (rule reg.one-pbx)`,
        );
      }
      if (seen && e.nat.behindNat) parts.push(`NAT: sent from ${fmt(e.nat.sent)}, the registrar saw ${seen}`);
      parts.push(...warnings);
      return next({
        state: 'registered',
        message: parts.join('; '),
        grantedExpires: e.grantedExpires,
        nextRefreshAtMs: now + e.refreshInS * 1000,
        blockedUntilMs: undefined,
        retryAfterS: undefined,
        lastStatus: 200,
        bindings: e.bindings.map((b) => ({ contact: b.contact, expires: b.expires, ours: b.ours })),
        publicAddress: seen,
        behindNat: seen ? e.nat.behindNat : undefined,
      });
    }
    case 'interval-too-brief':
      return next({
        lastStatus: 423,
        message: `423 Interval Too Brief: the registrar wants at least ${e.minExpires} s; asking again with Expires ${e.minExpires} s`,
      });
    case 'rate-limited':
      return next({
        state: 'blocked',
        lastStatus: 429,
        retryAfterS: e.retryAfterS,
        blockedUntilMs: now + e.backoffS * 1000,
        nextRefreshAtMs: undefined,
        message: `429 Too Many Requests${e.retryAfterS !== undefined ? `, Retry-After ${e.retryAfterS} s` : ' without Retry-After'}: waiting ${e.backoffS} s before trying again; registering too often gets a PBX blocked (rule reg.429)`,
      });
    case 'failed':
      return next({
        state: 'failed',
        lastStatus: e.status ?? view.lastStatus,
        nextRefreshAtMs: undefined,
        blockedUntilMs: undefined,
        message: sentence(e.message),
      });
    case 'warning':
      return view;
    case 'unregistered':
      return next({
        state: 'stopped',
        lastStatus: e.status,
        message: `Un-registered${e.remaining.length > 0 ? `; ${e.remaining.length} other binding(s) remain: ${e.remaining.map((b) => b.contact).join(', ')}` : ''}`,
        bindings: e.remaining.map((b) => ({ contact: b.contact, expires: b.expires, ours: false })),
        grantedExpires: undefined,
        nextRefreshAtMs: undefined,
        blockedUntilMs: undefined,
      });
  }
}

function applyState(
  view: RegistrationView,
  state: RegistrationState,
  next: (patch: Partial<RegistrationView>) => RegistrationView,
): RegistrationView {
  switch (state) {
    case RegistrationState.Idle:
    case RegistrationState.Registered:
    case RegistrationState.BackingOff:
    case RegistrationState.Failed:
      // The event just before this one (registered, rate-limited, failed) already said it all.
      return view;
    case RegistrationState.Registering:
      return view.state === 'registered' ? view : next({ state: 'registering' });
    case RegistrationState.Unregistering:
      return next({ state: 'stopping', message: 'Un-registering…', nextRefreshAtMs: undefined });
    case RegistrationState.Unregistered:
      if (view.state === 'stopped') return view;
      return next({
        state: 'stopped',
        message:
          view.state === 'failed'
            ? `Stopped. ${view.message}`
            : view.state === 'blocked'
              ? `Stopped while blocked. ${view.message}`
              : 'Stopped before the registration completed',
        nextRefreshAtMs: undefined,
        blockedUntilMs: undefined,
      });
  }
}

/** The engine's lines start in lower case, to follow a label in the CLI; the UI shows them alone. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
