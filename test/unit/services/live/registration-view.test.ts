import { describe, expect, it } from 'vitest';
import { RegistrationState, type RegistrationEvent } from '../../../../electron/engine/register/registration';
import { applyRegistrationEvent, startingView } from '../../../../electron/services/live/registration-view';
import type { RegistrationView } from '../../../../shared/ipc/schemas/live';

// What the Register screen shows for each thing the engine reports.

const T0 = 1_700_000_000_000;

function fold(events: readonly RegistrationEvent[], warnings: string[] = []): RegistrationView {
  return events.reduce(
    (view, e, i) => applyRegistrationEvent(view, e, T0 + i * 1000, warnings),
    startingView('pbx-abc123', 'reg.example.com', T0),
  );
}

const state = (s: RegistrationState): RegistrationEvent => ({ type: 'state', state: s });

const registered = (
  over: Partial<Extract<RegistrationEvent, { type: 'registered' }>> = {},
): RegistrationEvent => ({
  type: 'registered',
  grantedExpires: 300,
  askedExpires: 300,
  bindings: [
    { contact: 'sip:1001@192.168.1.10:5062', host: '192.168.1.10', port: 5062, expires: 300, ours: true },
  ],
  otherDevices: [],
  nat: {
    sent: { address: '192.168.1.10', port: 5062 },
    seen: { address: '192.168.1.10', port: 5062 },
    behindNat: false,
  },
  refreshInS: 268,
  rttMs: 12,
  refresh: false,
  ...over,
});

describe('applyRegistrationEvent', () => {
  it('goes starting → registering → registered with the grant, the refresh countdown and the bindings', () => {
    const sending = fold([
      state(RegistrationState.Registering),
      { type: 'sending', cseq: 1, expires: 300, authorized: false },
    ]);
    expect(sending).toMatchObject({ state: 'registering', message: 'Sending REGISTER (Expires 300 s)…' });
    const challenged = fold([
      state(RegistrationState.Registering),
      { type: 'challenged', status: 401, realm: 'pbx', algorithm: 'MD5', stale: false },
    ]);
    expect(challenged).toMatchObject({
      lastStatus: 401,
      message: 'Answering the 401 challenge (realm "pbx", MD5)…',
    });

    const view = fold([
      state(RegistrationState.Registering),
      registered(),
      state(RegistrationState.Registered),
    ]);
    expect(view).toMatchObject({
      state: 'registered',
      grantedExpires: 300,
      lastStatus: 200,
      nextRefreshAtMs: T0 + 1000 + 268_000,
      publicAddress: '192.168.1.10:5062',
      behindNat: false,
      bindings: [{ contact: 'sip:1001@192.168.1.10:5062', expires: 300, ours: true }],
      // The refresh time is the card's countdown, which ticks; a number in this line would not.
      message: 'Registered for 300 s',
      updatedAtMs: T0 + 1000,
    });
  });

  it('says when the grant differs, another device holds the credentials, NAT is in the way, and any warning', () => {
    const view = fold(
      [
        registered({
          grantedExpires: 120,
          askedExpires: 300,
          otherDevices: [{ contact: 'sip:1001@10.9.9.9:5060', host: '10.9.9.9', ours: false }],
          nat: {
            sent: { address: '192.168.1.10', port: 5062 },
            seen: { address: '203.0.113.7', port: 40000 },
            behindNat: true,
          },
        }),
      ],
      ['the provider allows a refresh only every 100 s'],
    );
    expect(view.message).toBe(
      'Registered for 120 s (asked 300 s); another device is registered with these credentials (sip:1001@10.9.9.9:5060): one PBX per credential set (rule reg.one-pbx); NAT: sent from 192.168.1.10:5062, the registrar saw 203.0.113.7:40000; the provider allows a refresh only every 100 s',
    );
    expect(view).toMatchObject({ publicAddress: '203.0.113.7:40000', behindNat: true });
  });

  it('leaves NAT unknown when the registrar did not say what it saw', () => {
    const view = fold([registered({ nat: { sent: { address: '10.0.0.2', port: 5060 }, behindNat: false } })]);
    expect(view.publicAddress).toBeUndefined();
    expect(view.behindNat).toBeUndefined();
  });

  it('keeps showing "registered" while a refresh goes out', () => {
    const before = fold([registered(), state(RegistrationState.Registered)]);
    const during = [
      state(RegistrationState.Registering),
      { type: 'sending', cseq: 3, expires: 300, authorized: true } as const,
      { type: 'challenged', status: 401, realm: 'pbx', algorithm: 'MD5', stale: false } as const,
    ].reduce((v, e) => applyRegistrationEvent(v, e, T0 + 9000), before);
    expect(during).toBe(before);
  });

  it('shows a 429 as blocked until Retry-After (or the back-off) ends, then registering again', () => {
    const blocked = fold([
      registered(),
      { type: 'rate-limited', retryAfterS: 120, backoffS: 120, consecutive: 1 },
      state(RegistrationState.BackingOff),
    ]);
    expect(blocked).toMatchObject({
      state: 'blocked',
      lastStatus: 429,
      retryAfterS: 120,
      blockedUntilMs: T0 + 1000 + 120_000,
      nextRefreshAtMs: undefined,
    });
    expect(blocked.message).toMatch(
      /^429 Too Many Requests, Retry-After 120 s: waiting 120 s before trying again/,
    );
    const noHeader = applyRegistrationEvent(
      blocked,
      { type: 'rate-limited', backoffS: 60, consecutive: 2 },
      T0 + 200_000,
    );
    expect(noHeader.retryAfterS).toBeUndefined();
    expect(noHeader.message).toMatch(/^429 Too Many Requests without Retry-After: waiting 60 s/);
    const retrying = applyRegistrationEvent(noHeader, state(RegistrationState.Registering), T0 + 300_000);
    expect(retrying.state).toBe('registering');
    const back = applyRegistrationEvent(retrying, registered(), T0 + 301_000);
    expect(back).toMatchObject({ state: 'registered', blockedUntilMs: undefined, retryAfterS: undefined });
  });

  it('shows a failure in the engine’s plain words, as a sentence', () => {
    const view = fold([
      state(RegistrationState.Registering),
      {
        type: 'failed',
        status: 403,
        message: 'the registrar refused the registration (403 Forbidden)',
        fatal: true,
      },
      state(RegistrationState.Failed),
    ]);
    expect(view).toMatchObject({
      state: 'failed',
      lastStatus: 403,
      message: 'The registrar refused the registration (403 Forbidden)',
    });
    const stopped = applyRegistrationEvent(view, state(RegistrationState.Unregistered), T0 + 9000);
    expect(stopped).toMatchObject({
      state: 'stopped',
      message: 'Stopped. The registrar refused the registration (403 Forbidden)',
    });
  });

  it('goes stopping → stopped on un-register, listing bindings that remain', () => {
    const view = fold([
      registered(),
      state(RegistrationState.Registered),
      state(RegistrationState.Unregistering),
      { type: 'sending', cseq: 5, expires: 0, authorized: false },
    ]);
    expect(view).toMatchObject({ state: 'stopping', message: 'Un-registering…', nextRefreshAtMs: undefined });
    const done = [
      { type: 'challenged', status: 401, realm: 'pbx', algorithm: 'MD5', stale: false } as const,
      {
        type: 'unregistered',
        status: 200,
        remaining: [{ contact: 'sip:1001@10.9.9.9:5060', host: '10.9.9.9', ours: false, expires: 30 }],
      } as const,
      state(RegistrationState.Unregistered),
    ].reduce((v, e) => applyRegistrationEvent(v, e, T0 + 9000), view);
    expect(done).toMatchObject({
      state: 'stopped',
      message: 'Un-registered; 1 other binding(s) remain: sip:1001@10.9.9.9:5060',
      bindings: [{ contact: 'sip:1001@10.9.9.9:5060', expires: 30, ours: false }],
      grantedExpires: undefined,
      // The un-REGISTER was challenged, then accepted: the last status is the acceptance.
      lastStatus: 200,
    });
  });

  it('says the stop came before any answer', () => {
    const view = fold([state(RegistrationState.Registering), state(RegistrationState.Unregistered)]);
    expect(view).toMatchObject({ state: 'stopped', message: 'Stopped before the registration completed' });
  });
});
