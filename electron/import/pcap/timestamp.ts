// Packet timestamps to microseconds since the Unix epoch. pcapng counts in units of the
// interface's if_tsresol (draft-ietf-opsawg-pcapng §4.2: high bit clear = 10^-n s, set =
// 2^-n s; default 10^-6) as a 64-bit value split in two 32-bit halves, plus if_tsoffset seconds.
// A 64-bit count of nanoseconds does not fit a double exactly, so the common resolutions are
// divided exactly in two halves and the rest go through BigInt.

const TWO_32 = 0x1_0000_0000;

export interface TimestampResolution {
  /** Ticks per second as a BigInt, for the general path. */
  readonly ticksPerSecond: bigint;
  /** For 10^-n with n ≥ 6 and small enough: ticks per microsecond; else undefined. */
  readonly ticksPerMicro: number | undefined;
  /** For 10^-n with n ≤ 6: microseconds per tick; else undefined. */
  readonly microsPerTick: number | undefined;
}

export const MICROSECONDS: TimestampResolution = resolutionFromTsresol(6);

/** From the if_tsresol option byte. */
export function resolutionFromTsresol(tsresol: number): TimestampResolution {
  const exponent = tsresol & 0x7f;
  if (tsresol & 0x80) {
    return { ticksPerSecond: 1n << BigInt(exponent), ticksPerMicro: undefined, microsPerTick: undefined };
  }
  const ticksPerSecond = 10n ** BigInt(exponent);
  // Up to 10^-12 the exact two-halves division below stays within 2^53.
  if (exponent >= 6 && exponent <= 12) {
    return { ticksPerSecond, ticksPerMicro: 10 ** (exponent - 6), microsPerTick: undefined };
  }
  if (exponent < 6) return { ticksPerSecond, ticksPerMicro: undefined, microsPerTick: 10 ** (6 - exponent) };
  return { ticksPerSecond, ticksPerMicro: undefined, microsPerTick: undefined };
}

/** floor(x / d) for integers x < 2^53, without trusting the rounding of x / d. */
function exactFloorDiv(x: number, d: number): number {
  let q = Math.floor(x / d);
  if (q * d > x) q--;
  else if ((q + 1) * d <= x) q++;
  return q;
}

/** Microseconds for a 64-bit tick count given as high and low 32-bit halves. */
export function ticksToMicros(high: number, low: number, resolution: TimestampResolution): number {
  const { ticksPerMicro, microsPerTick } = resolution;
  if (ticksPerMicro !== undefined) {
    if (ticksPerMicro === 1) return high * TWO_32 + low;
    // (high·2^32 + low) / d = floor(high/d)·2^32 + ((high mod d)·2^32 + low) / d, each part exact.
    const q = Math.floor(high / ticksPerMicro);
    const r = high - q * ticksPerMicro;
    return q * TWO_32 + exactFloorDiv(r * TWO_32 + low, ticksPerMicro);
  }
  if (microsPerTick !== undefined) return (high * TWO_32 + low) * microsPerTick;
  const ticks = (BigInt(high) << 32n) | BigInt(low);
  return Number((ticks * 1_000_000n) / resolution.ticksPerSecond);
}
