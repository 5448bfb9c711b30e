import { describe, expect, it } from 'vitest';
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from '../../../../electron/engine/rtp/g711';

describe('G.711', () => {
  it('encodes the reference points of the µ-law and A-law tables', () => {
    expect(encodeUlaw(0)).toBe(0xff);
    expect(encodeAlaw(0)).toBe(0xd5);
    expect(encodeUlaw(32767)).toBe(0x80);
    expect(encodeUlaw(-32768)).toBe(0x00);
    expect(encodeAlaw(32767)).toBe(0xaa);
    expect(encodeAlaw(-32768)).toBe(0x2a);
  });

  it('decodes the reference points', () => {
    expect(decodeUlaw(0xff)).toBe(0);
    expect(decodeUlaw(0x7f)).toBe(0);
    expect(decodeUlaw(0x80)).toBe(32124);
    expect(decodeUlaw(0x00)).toBe(-32124);
    expect(decodeAlaw(0xd5)).toBe(8);
    expect(decodeAlaw(0x55)).toBe(-8);
    expect(decodeAlaw(0xaa)).toBe(32256);
    expect(decodeAlaw(0x2a)).toBe(-32256);
  });

  it('maps every code back to itself through decode and encode', () => {
    for (let code = 0; code < 256; code++) {
      expect(encodeAlaw(decodeAlaw(code))).toBe(code);
      // 0x7F is µ-law's "negative zero", which re-encodes as positive zero 0xFF.
      if (code !== 0x7f) expect(encodeUlaw(decodeUlaw(code))).toBe(code);
    }
  });

  it('keeps the round-trip error within one quantization step over the whole 16-bit range', () => {
    // 4 mantissa bits per segment: the step is 1/16 (µ-law) or 1/32 (A-law) of the sample's
    // magnitude, plus the small fixed steps near zero. Outside the largest code, it clips.
    const outOfBounds: string[] = [];
    for (let x = -32768; x <= 32767; x++) {
      const u = Math.abs(decodeUlaw(encodeUlaw(x)) - x);
      if (Math.abs(x) <= 32124 && u > Math.max(16, Math.abs(x) / 16)) outOfBounds.push(`µ-law ${x}: ${u}`);
      const a = Math.abs(decodeAlaw(encodeAlaw(x)) - x);
      if (Math.abs(x) <= 32256 && a > Math.max(8, Math.abs(x) / 32)) outOfBounds.push(`A-law ${x}: ${a}`);
    }
    expect(outOfBounds).toEqual([]);
  });

  it('is monotonic: a louder sample never decodes quieter', () => {
    let previousU = -Infinity;
    let previousA = -Infinity;
    for (let x = -32768; x <= 32767; x += 7) {
      const u = decodeUlaw(encodeUlaw(x));
      const a = decodeAlaw(encodeAlaw(x));
      expect(u).toBeGreaterThanOrEqual(previousU);
      expect(a).toBeGreaterThanOrEqual(previousA);
      previousU = u;
      previousA = a;
    }
  });
});
