import { describe, expect, it } from 'vitest';
import { parseDeltaSeconds } from '../../../../shared/sip/delta-seconds';

describe('delta-seconds', () => {
  it('reads Retry-After with a comment and parameters (RFC 3261 §20.33)', () => {
    expect(parseDeltaSeconds('120 (I am in a meeting);duration=3600')).toBe(120);
    expect(parseDeltaSeconds(' 5')).toBe(5);
  });

  it('gives undefined for no value or a value that is not seconds', () => {
    expect(parseDeltaSeconds(undefined)).toBeUndefined();
    expect(parseDeltaSeconds('soon')).toBeUndefined();
    expect(parseDeltaSeconds('')).toBeUndefined();
  });
});
