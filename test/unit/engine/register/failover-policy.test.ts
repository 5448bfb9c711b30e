import { describe, expect, it } from 'vitest';
import { shouldFailOver } from '../../../../electron/engine/register/failover-policy';

describe('shouldFailOver (RFC 3263 §4.3)', () => {
  it('moves on after silence, a transport error or 503', () => {
    expect(shouldFailOver({ ok: false, message: 'no answer', rateLimited: false })).toBe(true);
    expect(shouldFailOver({ ok: false, status: 503, message: '503', rateLimited: false })).toBe(true);
  });

  it('stays on a provider answer: success, a rejection or a 429 block', () => {
    expect(shouldFailOver({ ok: true, grantedExpires: 60 })).toBe(false);
    expect(shouldFailOver({ ok: false, status: 403, message: '403', rateLimited: false })).toBe(false);
    expect(shouldFailOver({ ok: false, status: 429, message: '429', rateLimited: true })).toBe(false);
    expect(shouldFailOver(undefined)).toBe(false);
  });
});
