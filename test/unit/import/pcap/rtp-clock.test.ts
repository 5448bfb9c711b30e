import { describe, expect, it } from 'vitest';
import { inferClock, staticClock } from '../../../../electron/import/pcap/rtp-clock';

/** Packets every `ms` whose timestamps advance `step` units each, with optional arrival offsets (µs). */
function stream(step: number, ms: number, count: number, offsets: Record<number, number> = {}) {
  return Array.from({ length: count }, (_, i) => ({
    sequence: (65530 + i) & 0xffff,
    timestamp: (0xfffff000 + step * i) >>> 0,
    micros: i * ms * 1000 + (offsets[i] ?? 0),
  }));
}

describe('the RTP clock of a stream in a capture', () => {
  it('takes RFC 3551 for static types: G.722 is 8 kHz by its RFC, L16 44.1 kHz, video 90 kHz', () => {
    expect(staticClock(9)).toBe(8000);
    expect(staticClock(10)).toBe(44100);
    expect(staticClock(34)).toBe(90000);
    expect(staticClock(0)).toBe(8000);
  });

  it('reads a dynamic type from its timestamps across sequence and timestamp wraps', () => {
    expect(inferClock(stream(960, 20, 8))).toBe(48000);
    expect(inferClock(stream(320, 20, 8))).toBe(16000);
    expect(inferClock(stream(160, 20, 8))).toBe(8000);
    // Arrival jitter of a few ms over the sample still lands on the codec's rate.
    expect(inferClock(stream(480, 10, 8, { 3: 3000, 5: -2000 }))).toBe(48000);
  });

  it('falls back to 8 kHz when the sample says nothing: one packet, gaps only, or no codec rate', () => {
    expect(inferClock(stream(960, 20, 1))).toBe(8000);
    const gaps = stream(960, 20, 8).filter((_, i) => i % 2 === 0);
    expect(inferClock(gaps)).toBe(8000);
    expect(inferClock(stream(5000, 20, 8))).toBe(8000);
  });
});
