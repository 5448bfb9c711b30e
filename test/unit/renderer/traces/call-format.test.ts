import { describe, expect, it } from 'vitest';
import { formatDuration, shortParty } from '../../../../renderer/src/traces/call-format';

describe('call list formatting', () => {
  it('formats durations at the scale that matters', () => {
    expect(formatDuration(850_000)).toBe('850 ms');
    expect(formatDuration(12_400_000)).toBe('12.4 s');
    expect(formatDuration(185_000_000)).toBe('3 min 05 s');
  });

  it('shows the user and host of a From/To, not the display name and tags', () => {
    expect(shortParty('"Alice" <sip:1001@pbx.example.com>;tag=abc')).toBe('1001@pbx.example.com');
    expect(shortParty('<tel:+15551230000>')).toBe('+15551230000');
    expect(shortParty('garbage')).toBe('garbage');
  });
});
