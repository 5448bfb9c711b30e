import { describe, expect, it } from 'vitest';
import { sipAuthRule } from '../../../../../shared/diagnostics/rules/sip-auth';
import { sipFailureResponseRule } from '../../../../../shared/diagnostics/rules/sip-failure-response';
import { regIntervalRule } from '../../../../../shared/diagnostics/rules/reg-interval';
import { challengedCall, findingsOf, profile, registerFlow, type Spec } from '../trace-builder';

/** REGISTER → 401, then the credentialed retry `delay` seconds after the challenge. */
function lateRegister(at: number, delay: number, retryAnswer?: readonly [number, string, string[]]): Spec[] {
  const flow = registerFlow({ at, finalStatus: retryAnswer });
  // The builder retries 50 ms after the challenge.
  return flow.map((s, i) => (i >= 2 ? { ...s, at: (s.at ?? 0) + delay - 0.05 } : s));
}

const STALE: readonly [number, string, string[]] = [
  401,
  'nonce has changed',
  ['WWW-Authenticate: Digest realm="sip.example.net", nonce="fresh", algorithm=MD5'],
];

describe('sip.auth', () => {
  it('names a UA that answers challenges 20 and 40 s late, and does not call the challenge "never retried"', () => {
    const specs = [...lateRegister(0, 20), ...lateRegister(100, 40)];
    expect(findingsOf(sipAuthRule, specs).map((f) => [f.severity, f.title])).toEqual([
      ['warning', '192.0.2.10:5060 takes 20–40 s to answer digest challenges (2 of 2 challenges)'],
    ]);
    expect(findingsOf(sipFailureResponseRule, specs)).toEqual([]);
    // Each late retry is the same registration attempt, not a refresh 20 s after the last one.
    expect(findingsOf(regIntervalRule, specs, profile('skyetel'))).toEqual([]);
  });

  it('makes the stale nonce the cause when the late retry is refused', () => {
    const specs = lateRegister(0, 17, STALE);
    const findings = findingsOf(sipAuthRule, specs);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'error',
        '192.0.2.10:5060 takes 17 s to answer digest challenges (1 of 1 challenge): its nonce goes stale, 1 retry refused',
      ],
    ]);
    expect(findings[0]?.observed).toBe(
      'from challenge to retry: 17 s; the retries were answered 401 nonce has changed (REGISTER)',
    );
    // Not "credentials rejected": the password is not what failed.
    expect(findingsOf(sipFailureResponseRule, specs)).toEqual([]);
    // A prompt retry refused the same way is a credentials problem.
    expect(findingsOf(sipAuthRule, lateRegister(0, 0.05, STALE))).toEqual([]);
    expect(findingsOf(sipFailureResponseRule, lateRegister(0, 0.05, STALE)).map((f) => f.title)).toEqual([
      'REGISTER credentials rejected: 401 nonce has changed to an authenticated request',
    ]);
  });

  it('flags a digest uri that is not the Request-URI, with the credentials redacted in the evidence', () => {
    const findings = findingsOf(sipAuthRule, challengedCall(0, 'uri'));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Digest uri "sip:x" differs from the Request-URI sip:+12035550199@198.51.100.1'],
    ]);
    const quoted = findings[0]?.evidence.map((e) => e.text ?? '').join('\n') ?? '';
    expect(quoted).toContain('uri="sip:x"');
    expect(quoted).not.toContain('00ff');
  });

  it('flags a retry under another From user or for another realm', () => {
    const specs = registerFlow({ at: 0 }).map((s, i) =>
      i === 2
        ? {
            ...s,
            text: s.text
              .replace('From: <sip:1001@', 'From: <sip:1002@')
              .replace('realm="sip.example.net"', 'realm="other.example"'),
          }
        : s,
    );
    expect(findingsOf(sipAuthRule, specs).map((f) => f.title)).toEqual([
      '192.0.2.10:5060 changes identity when answering a challenge: From user 1001 → 1002',
      '192.0.2.10:5060 changes identity when answering a challenge: realm "other.example" answering a challenge for "sip.example.net"',
    ]);
  });

  it('finds nothing in prompt, consistent logins', () => {
    expect(
      findingsOf(sipAuthRule, [...registerFlow({ at: 0 }), ...registerFlow({ at: 400, cseq: 3 })]),
    ).toEqual([]);
  });
});
