import { describe, expect, it } from 'vitest';
import { reg429Rule } from '../../../../../shared/diagnostics/rules/reg-429';
import { findingsOf, profile, registerFlow, type Spec } from '../trace-builder';

function blocked(retryAt?: number): Spec[] {
  const specs = [
    ...registerFlow({ at: 0, cseq: 1, expires: 300 }),
    ...registerFlow({ at: 30, cseq: 3, expires: 300 }),
    ...registerFlow({
      at: 60,
      cseq: 5,
      expires: 300,
      finalStatus: [429, 'Too Many Requests', ['Retry-After: 600']],
    }),
  ];
  if (retryAt !== undefined) specs.push(...registerFlow({ at: retryAt, cseq: 7, expires: 300 }));
  return specs;
}

describe('reg.429', () => {
  it('reports each 429 with its Retry-After and the registrations that led to it', () => {
    const findings = findingsOf(reg429Rule, blocked(), profile('skyetel'));
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ rule: 'reg.429', severity: 'error' });
    expect(f?.title).toBe(
      '429 Too Many Requests to REGISTER for 1001@sip.example.net at 198.51.100.1:5060 (Retry-After 600 s)',
    );
    expect(f?.observed).toBe(
      'registrations leading to it: t=0 s → 200, +30 s → 200, +30 s → 429; shortest interval 30 s',
    );
    expect(f?.evidence.slice(0, 2).map((e) => e.text)).toEqual([
      'SIP/2.0 429 Too Many Requests',
      'Retry-After: 600',
    ]);
    expect(f?.expected).toContain('every 100 s');
  });

  it('flags a retry sooner than Retry-After', () => {
    const findings = findingsOf(reg429Rule, blocked(70), profile('skyetel'));
    expect(findings.map((f) => f.title)).toEqual([
      expect.stringContaining('429 Too Many Requests to REGISTER'),
      expect.stringMatching(/^REGISTER retried 9\.\d+ s after a 429, before the Retry-After 600 s$/),
    ]);
  });

  it('accepts a retry after Retry-After, and traces without 429', () => {
    expect(findingsOf(reg429Rule, blocked(700), profile('skyetel'))).toHaveLength(1);
    expect(findingsOf(reg429Rule, registerFlow({ at: 0 }), profile('skyetel'))).toEqual([]);
  });
});
