import { describe, expect, it } from 'vitest';
import { registrationTimeline } from '../../../../shared/diagnostics/registration-timeline';
import { merge, profile, refreshes, registerFlow, REGISTRAR_B, trace } from './trace-builder';

describe('registrationTimeline', () => {
  it('lists each binding with one attempt per REGISTER exchange, times, expiries, outcome and intervals', () => {
    const specs = [
      ...refreshes([0, 120], { expires: 300, granted: 240 }),
      ...registerFlow({
        at: 200,
        cseq: 5,
        expires: 300,
        finalStatus: [429, 'Too Many Requests', ['Retry-After: 600']],
      }),
      ...registerFlow({ at: 900, cseq: 7, expires: 0 }),
    ];
    const [binding, ...others] = registrationTimeline(trace(specs));
    expect(others).toEqual([]);
    expect(binding).toMatchObject({
      aor: '1001@sip.example.net',
      contact: '1001@192.0.2.10:5060',
      registrar: '198.51.100.1:5060',
    });
    expect(
      binding?.attempts.map((a) => [
        a.offsetSeconds,
        a.intervalSeconds,
        a.expiresAsked,
        a.expiresGranted,
        a.status,
        a.outcome,
        a.challenged,
        a.requests,
      ]),
    ).toEqual([
      [0, undefined, 300, 240, 200, 'registered', true, 2],
      [120, 120, 300, 240, 200, 'registered', true, 2],
      [200, 80, 300, undefined, 429, 'failed', true, 2],
      [900, 700, 0, 0, 200, 'unregistered', true, 2],
    ]);
    expect(binding?.attempts[2]).toMatchObject({
      retryAfterSeconds: 600,
      reason: 'Too Many Requests',
      messageIndex: 8,
      finalIndex: 11,
    });
  });

  it('keeps registrars apart and names them from the profile', () => {
    const specs = merge(
      registerFlow({ at: 0, registrarHost: 'nw1.reg.skyetel.com' }),
      registerFlow({ at: 1, registrar: REGISTRAR_B, registrarHost: 'se1.reg.skyetel.com' }),
    );
    const timeline = registrationTimeline(trace(specs), profile('skyetel'));
    expect(timeline.map((b) => [b.registrar, b.registrarName])).toEqual([
      ['198.51.100.1:5060', 'nw1.reg.skyetel.com'],
      ['198.51.100.2:5060', 'se1.reg.skyetel.com'],
    ]);
  });

  it('reports a REGISTER nobody answered', () => {
    const [req] = registerFlow({ at: 0, challenge: false });
    if (!req) throw new Error('flow');
    const [binding] = registrationTimeline(trace([req, { ...req, at: 0.5 }]));
    expect(binding?.attempts).toMatchObject([{ outcome: 'no-response', requests: 2, status: undefined }]);
  });
});
