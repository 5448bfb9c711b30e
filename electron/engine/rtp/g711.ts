// ITU-T G.711 µ-law and A-law companding of 16-bit linear PCM, the classic Sun Microsystems
// formulation (g711.c, 1993, placed in the public domain), which matches the G.711 tables.
// Codes and samples are plain numbers; the frame helpers fill caller-owned arrays, so encoding
// a packet allocates nothing.

const SEG_SHIFT = 4;
const QUANT_MASK = 0x0f;
const SEG_MASK = 0x70;
const SIGN_BIT = 0x80;

/** µ-law bias: the 0x84 (132) offset that makes the segments start on powers of two. */
const ULAW_BIAS = 0x84;
/** µ-law works on 14-bit magnitudes; 8159 is the largest before the bias (G.711 table 2a). */
const ULAW_CLIP = 8159;

const SEG_UEND = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff] as const;
const SEG_AEND = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff] as const;

function segment(value: number, ends: readonly number[]): number {
  for (let i = 0; i < ends.length; i++) if (value <= (ends[i] as number)) return i;
  return ends.length;
}

/** G.711 µ-law: 16-bit linear sample → 8-bit code. encodeUlaw(0) === 0xFF. */
export function encodeUlaw(sample: number): number {
  // Only the top 14 bits are coded; µ-law codes are stored inverted (G.711 §3.2: "bits inverted").
  let pcm = clamp16(sample) >> 2;
  let mask: number;
  if (pcm < 0) {
    pcm = -pcm;
    mask = 0x7f;
  } else {
    mask = 0xff;
  }
  if (pcm > ULAW_CLIP) pcm = ULAW_CLIP;
  pcm += ULAW_BIAS >> 2;
  const seg = segment(pcm, SEG_UEND);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((pcm >> (seg + 1)) & QUANT_MASK)) ^ mask;
}

/** G.711 µ-law: 8-bit code → 16-bit linear sample (the segment midpoint). */
export function decodeUlaw(code: number): number {
  const u = ~code & 0xff;
  let t = ((u & QUANT_MASK) << 3) + ULAW_BIAS;
  t <<= (u & SEG_MASK) >> SEG_SHIFT;
  return u & SIGN_BIT ? ULAW_BIAS - t : t - ULAW_BIAS;
}

/** G.711 A-law: 16-bit linear sample → 8-bit code. encodeAlaw(0) === 0xD5. */
export function encodeAlaw(sample: number): number {
  // A-law codes 13 bits and inverts the even bits (G.711 §3.2: XOR with 0x55).
  let pcm = clamp16(sample) >> 3;
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const seg = segment(pcm, SEG_AEND);
  if (seg >= 8) return 0x7f ^ mask;
  const quant = seg < 2 ? (pcm >> 1) & QUANT_MASK : (pcm >> seg) & QUANT_MASK;
  return ((seg << SEG_SHIFT) | quant) ^ mask;
}

/** G.711 A-law: 8-bit code → 16-bit linear sample. */
export function decodeAlaw(code: number): number {
  const a = (code ^ 0x55) & 0xff;
  let t = (a & QUANT_MASK) << 4;
  const seg = (a & SEG_MASK) >> SEG_SHIFT;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & SIGN_BIT ? t : -t;
}

/** Encodes `pcm` into `out` (same length), µ-law or A-law. */
export function encodeG711Frame(law: 'ulaw' | 'alaw', pcm: ArrayLike<number>, out: Uint8Array): void {
  const encode = law === 'ulaw' ? encodeUlaw : encodeAlaw;
  for (let i = 0; i < pcm.length; i++) out[i] = encode(pcm[i] as number);
}

/** Decodes `codes` into `out` (same length). */
export function decodeG711Frame(law: 'ulaw' | 'alaw', codes: ArrayLike<number>, out: Int16Array): void {
  const decode = law === 'ulaw' ? decodeUlaw : decodeAlaw;
  for (let i = 0; i < codes.length; i++) out[i] = decode(codes[i] as number);
}

function clamp16(sample: number): number {
  const s = Math.trunc(sample);
  return s > 32767 ? 32767 : s < -32768 ? -32768 : s;
}
