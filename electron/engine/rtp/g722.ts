// ITU-T G.722 (11/1988) 64 kbit/s sub-band ADPCM: 16 kHz linear PCM in, one byte per two
// samples out (6 bits lower band, 2 bits upper band). The block names (SUBTRA, QUANTL, …) are
// the G.722 §3–4 reference blocks; the tables are the Recommendation's. Only the 64 kbit/s mode
// is implemented: RFC 3551 §4.5.2 payload type 9 always carries it.

/** G.722 table 6 (QUANTL decision levels, ×det/4096). */
const Q6 = [
  0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219,
  1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0,
] as const;
/** Lower-band codes for negative (ILN) and positive (ILP) differences, by decision interval. */
const ILN = [
  0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7,
  6, 5, 4, 0,
] as const;
const ILP = [
  0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36,
  35, 34, 33, 32, 0,
] as const;
/** LOGSCL log-scale factor multipliers and the 4-bit → magnitude map. */
const WL = [-60, -30, 58, 172, 334, 538, 1198, 3042] as const;
const RL42 = [0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0] as const;
/** SCALEL/SCALEH inverse log table. */
const ILB = [
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834, 2896, 2960,
  3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
] as const;
/** INVQAL (4-bit, used for prediction) and INVQBL 6-bit (decoder output) reconstruction levels. */
const QM4 = [
  0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
] as const;
const QM6 = [
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360,
  -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688,
  -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192,
  6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432,
  -136,
] as const;
/** Upper band: INVQAH levels, codes, LOGSCH multipliers. */
const QM2 = [-7408, -1616, 7408, 1616] as const;
const IHN = [0, 1, 0] as const;
const IHP = [0, 3, 2] as const;
const WH = [0, -214, 798] as const;
const RH2 = [2, 1, 2, 1] as const;
/** The 24-tap QMF, symmetric, stored as its 12 distinct coefficients (G.722 table 11). */
const QMF = [3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11] as const;

function sat16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

function at(table: readonly number[], index: number): number {
  return table[index] as number;
}

/** The adaptive predictor and scale factor of one sub-band (G.722 block 4 and blocks 3L/3H). */
class Band {
  s = 0;
  sp = 0;
  sz = 0;
  readonly r = new Int32Array(3);
  readonly a = new Int32Array(3);
  readonly p = new Int32Array(3);
  readonly d = new Int32Array(7);
  readonly b = new Int32Array(7);
  nb = 0;
  det: number;

  constructor(det: number) {
    this.det = det;
  }

  /** LOGSCL/LOGSCH then SCALEL/SCALEH: adapt the quantizer step. */
  adaptScale(multiplier: number, limit: number, shiftBase: number): void {
    let nb = ((this.nb * 127) >> 7) + multiplier;
    if (nb < 0) nb = 0;
    else if (nb > limit) nb = limit;
    this.nb = nb;
    const wd1 = (nb >> 6) & 31;
    const wd2 = shiftBase - (nb >> 11);
    const wd3 = wd2 < 0 ? at(ILB, wd1) << -wd2 : at(ILB, wd1) >> wd2;
    this.det = wd3 << 2;
  }

  /** Block 4: reconstruct, update the pole and zero predictors, predict the next sample. */
  update(dq: number): void {
    const { r, a, p, d, b } = this;
    // RECONS, PARREC
    d[0] = dq;
    r[0] = sat16(this.s + dq);
    p[0] = sat16(this.sz + dq);

    // UPPOL2
    const sg0 = p[0] >> 15;
    const sg1 = (p[1] as number) >> 15;
    const sg2 = (p[2] as number) >> 15;
    let wd1 = sat16((a[1] as number) << 2);
    let wd2 = sg0 === sg1 ? -wd1 : wd1;
    if (wd2 > 32767) wd2 = 32767;
    let ap2 = (wd2 >> 7) + (sg0 === sg2 ? 128 : -128);
    ap2 += ((a[2] as number) * 32512) >> 15;
    if (ap2 > 12288) ap2 = 12288;
    else if (ap2 < -12288) ap2 = -12288;

    // UPPOL1
    wd1 = sg0 === sg1 ? 192 : -192;
    wd2 = ((a[1] as number) * 32640) >> 15;
    let ap1 = sat16(wd1 + wd2);
    const limit = sat16(15360 - ap2);
    if (ap1 > limit) ap1 = limit;
    else if (ap1 < -limit) ap1 = -limit;

    // UPZERO (with the old d[i]), then DELAYA
    const step = dq === 0 ? 0 : 128;
    const sgd = dq >> 15;
    for (let i = 6; i > 0; i--) {
      const sgi = (d[i] as number) >> 15;
      const bi = sat16((sgi === sgd ? step : -step) + (((b[i] as number) * 32640) >> 15));
      b[i] = bi;
      d[i] = d[i - 1] as number;
    }
    r[2] = r[1] as number;
    r[1] = r[0];
    p[2] = p[1] as number;
    p[1] = p[0];
    a[2] = ap2;
    a[1] = ap1;

    // FILTEP, FILTEZ, PREDIC
    const sp1 = (ap1 * sat16((r[1] as number) * 2)) >> 15;
    const sp2 = (ap2 * sat16((r[2] as number) * 2)) >> 15;
    this.sp = sat16(sp1 + sp2);
    let sz = 0;
    for (let i = 6; i > 0; i--) sz += ((b[i] as number) * sat16((d[i] as number) * 2)) >> 15;
    this.sz = sat16(sz);
    this.s = sat16(this.sp + this.sz);
  }
}

/** A stateful G.722 encoder: feed consecutive 16 kHz frames to one instance. */
export class G722Encoder {
  private readonly x = new Int32Array(24);
  private readonly low = new Band(32);
  private readonly high = new Band(8);

  /** Encodes `pcm` (even length, 16 kHz) into `out` (pcm.length / 2 bytes). */
  encode(pcm: ArrayLike<number>, out: Uint8Array): void {
    const x = this.x;
    for (let j = 0, o = 0; j + 1 < pcm.length; j += 2, o++) {
      // Transmit QMF: split into lower and upper 8 kHz bands, keeping every other output.
      x.copyWithin(0, 2);
      x[22] = sat16(Math.trunc(pcm[j] as number));
      x[23] = sat16(Math.trunc(pcm[j + 1] as number));
      let sumEven = 0;
      let sumOdd = 0;
      for (let i = 0; i < 12; i++) {
        sumOdd += (x[2 * i] as number) * at(QMF, i);
        sumEven += (x[2 * i + 1] as number) * at(QMF, 11 - i);
      }
      // >> 12 for the filter gain (4096), >> 1 for summing two filters, >> 1 for the 15-bit
      // input range of the ADPCM blocks.
      const xLow = (sumEven + sumOdd) >> 14;
      const xHigh = (sumEven - sumOdd) >> 14;
      const ilow = this.encodeLow(xLow);
      out[o] = (this.encodeHigh(xHigh) << 6) | ilow;
    }
  }

  private encodeLow(xLow: number): number {
    const band = this.low;
    // SUBTRA, QUANTL
    const el = sat16(xLow - band.s);
    const wd = el >= 0 ? el : -(el + 1);
    let i = 1;
    while (i < 30 && wd >= (at(Q6, i) * band.det) >> 12) i++;
    const ilow = el < 0 ? at(ILN, i) : at(ILP, i);
    // INVQAL: the 4-bit truncated code drives the predictor, so the decoder can track it.
    const ril = ilow >> 2;
    const dlow = (band.det * at(QM4, ril)) >> 15;
    band.adaptScale(at(WL, at(RL42, ril)), 18432, 8);
    band.update(dlow);
    return ilow;
  }

  private encodeHigh(xHigh: number): number {
    const band = this.high;
    // SUBTRA, QUANTH
    const eh = sat16(xHigh - band.s);
    const wd = eh >= 0 ? eh : -(eh + 1);
    const mih = wd >= (564 * band.det) >> 12 ? 2 : 1;
    const ihigh = eh < 0 ? at(IHN, mih) : at(IHP, mih);
    // INVQAH
    const dhigh = (band.det * at(QM2, ihigh)) >> 15;
    band.adaptScale(at(WH, at(RH2, ihigh)), 22528, 10);
    band.update(dhigh);
    return ihigh;
  }
}

/** A stateful G.722 decoder (tests and diagnostics; the engine only counts received packets). */
export class G722Decoder {
  private readonly x = new Int32Array(24);
  private readonly low = new Band(32);
  private readonly high = new Band(8);

  /** Decodes `codes` into `out` (2 samples per byte, 16 kHz). */
  decode(codes: ArrayLike<number>, out: Int16Array): void {
    const x = this.x;
    for (let j = 0; j < codes.length; j++) {
      const code = codes[j] as number;
      const ilow = code & 0x3f;
      const ihigh = (code >> 6) & 0x03;

      // Lower band: INVQBL (6-bit output), RECONS, LIMIT; the predictor uses the 4-bit code.
      const low = this.low;
      const rlow = clampBand(low.s + ((low.det * at(QM6, ilow)) >> 15));
      const ril = ilow >> 2;
      const dlow = (low.det * at(QM4, ril)) >> 15;
      low.adaptScale(at(WL, at(RL42, ril)), 18432, 8);
      low.update(dlow);

      // Upper band: INVQAH, RECONS, LIMIT.
      const high = this.high;
      const dhigh = (high.det * at(QM2, ihigh)) >> 15;
      const rhigh = clampBand(dhigh + high.s);
      high.adaptScale(at(WH, at(RH2, ihigh)), 22528, 10);
      high.update(dhigh);

      // Receive QMF: recombine the bands into two 16 kHz samples.
      x.copyWithin(0, 2);
      x[22] = rlow + rhigh;
      x[23] = rlow - rhigh;
      let out1 = 0;
      let out2 = 0;
      for (let i = 0; i < 12; i++) {
        out2 += (x[2 * i] as number) * at(QMF, i);
        out1 += (x[2 * i + 1] as number) * at(QMF, 11 - i);
      }
      out[2 * j] = sat16(out1 >> 11);
      out[2 * j + 1] = sat16(out2 >> 11);
    }
  }
}

/** G.722 block 6 LIMIT: reconstructed band signals are 15-bit. */
function clampBand(v: number): number {
  return v > 16383 ? 16383 : v < -16384 ? -16384 : v;
}
