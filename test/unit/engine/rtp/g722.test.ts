import { describe, expect, it } from 'vitest';
import { G722Decoder, G722Encoder } from '../../../../electron/engine/rtp/g722';

function snrDb(reference: Int16Array, decoded: Int16Array, lag: number, skip: number): number {
  let signal = 0;
  let noise = 0;
  for (let i = skip; i + lag < decoded.length; i++) {
    const r = reference[i] as number;
    const d = decoded[i + lag] as number;
    signal += r * r;
    noise += (r - d) ** 2;
  }
  return 10 * Math.log10(signal / Math.max(noise, 1));
}

describe('G.722', () => {
  it('packs two 16 kHz samples per byte and decodes a wideband signal faithfully', () => {
    const n = 16000;
    const pcm = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      // 1 kHz in the lower band and 5 kHz in the upper band.
      pcm[i] = Math.round(
        8000 * Math.sin((2 * Math.PI * 1000 * i) / 16000) + 2000 * Math.sin((2 * Math.PI * 5000 * i) / 16000),
      );
    }
    const codes = new Uint8Array(n / 2);
    new G722Encoder().encode(pcm, codes);
    const out = new Int16Array(n);
    new G722Decoder().decode(codes, out);
    // The two QMF filters delay the signal; take the best alignment within 64 samples.
    let best = -Infinity;
    for (let lag = 0; lag < 64; lag++) best = Math.max(best, snrDb(pcm, out, lag, 800));
    expect(best).toBeGreaterThan(25);
  });

  it('decodes encoded silence as near silence', () => {
    const codes = new Uint8Array(800);
    new G722Encoder().encode(new Int16Array(1600), codes);
    const out = new Int16Array(1600);
    new G722Decoder().decode(codes, out);
    expect(Math.max(...out.map(Math.abs))).toBeLessThan(64);
  });
});
