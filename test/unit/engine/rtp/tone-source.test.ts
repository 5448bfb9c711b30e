import { describe, expect, it } from 'vitest';
import { decodeAlaw, decodeUlaw } from '../../../../electron/engine/rtp/g711';
import { ToneSource } from '../../../../electron/engine/rtp/tone-source';

/** Goertzel power at `hz` relative to the total power of the block. */
function toneShare(samples: readonly number[], hz: number, rate: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  let total = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    total += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * power) / (samples.length * total);
}

describe('ToneSource', () => {
  it('makes 160-byte G.711 frames that carry a 1 kHz tone', () => {
    const source = ToneSource.create({ codec: 'PCMU', mode: 'tone' });
    expect(source.frameBytes).toBe(160);
    expect(source.timestampsPerFrame).toBe(160);
    const samples = [...source.frame(0)].map(decodeUlaw);
    expect(toneShare(samples, 1000, 8000)).toBeGreaterThan(0.95);
    expect(toneShare(samples, 1500, 8000)).toBeLessThan(0.05);
  });

  it('keeps a modest level: well below full scale', () => {
    const samples = [...ToneSource.create({ codec: 'PCMA', mode: 'tone' }).frame(0)].map(decodeAlaw);
    const peak = Math.max(...samples.map(Math.abs));
    expect(peak).toBeGreaterThan(2000);
    expect(peak).toBeLessThan(12000);
  });

  it('loops a non-integer-period tone seamlessly across frames', () => {
    const source = ToneSource.create({ codec: 'PCMU', mode: 'tone', frequencyHz: 440 });
    expect(source.period).toBeGreaterThan(1);
    const stream: number[] = [];
    for (let k = 0; k < source.period * 3; k++) stream.push(...[...source.frame(k)].map(decodeUlaw));
    expect(toneShare(stream, 440, 8000)).toBeGreaterThan(0.95);
    expect(source.frame(source.period)).toBe(source.frame(0));
  });

  it('encodes silence as the codec’s zero code, still one frame per packet', () => {
    expect([...new Set(ToneSource.create({ codec: 'PCMU', mode: 'silence' }).frame(7))]).toEqual([0xff]);
    expect([...new Set(ToneSource.create({ codec: 'PCMA', mode: 'silence' }).frame(7))]).toEqual([0xd5]);
  });

  it('makes 160-byte G.722 frames (320 samples at 16 kHz) on the 8000 Hz RTP clock', () => {
    const source = ToneSource.create({ codec: 'G722', mode: 'tone' });
    expect(source.frameBytes).toBe(160);
    expect(source.timestampsPerFrame).toBe(160);
  });

  it('refuses frequencies outside the telephone band and odd packet times', () => {
    expect(() => ToneSource.create({ codec: 'PCMU', mode: 'tone', frequencyHz: 5000 })).toThrow(/50–3500 Hz/);
    expect(() => ToneSource.create({ codec: 'PCMU', mode: 'tone', frameMs: 25 })).toThrow(/packet time/);
  });
});
