// pcapng tick counts to microseconds, exactly, for every if_tsresol form.
import { describe, expect, it } from 'vitest';
import { resolutionFromTsresol, ticksToMicros } from '../../../../electron/import/pcap/timestamp';

const micros = (tsresol: number, ticks: bigint): number =>
  ticksToMicros(Number(ticks >> 32n), Number(ticks & 0xffffffffn), resolutionFromTsresol(tsresol));

/** The exact answer, by BigInt: floor(ticks * 10^6 / ticks per second). */
function exact(tsresol: number, ticks: bigint): number {
  const exponent = BigInt(tsresol & 0x7f);
  const perSecond = tsresol & 0x80 ? 1n << exponent : 10n ** exponent;
  return Number((ticks * 1_000_000n) / perSecond);
}

describe('ticksToMicros', () => {
  it('matches exact BigInt arithmetic at awkward values', () => {
    const samples = [
      0n,
      1n,
      999n,
      1000n,
      0xffffffffn,
      0x100000000n,
      1_750_000_000_999_999_999n,
      0xffffffffffffffffn,
    ];
    for (const tsresol of [0, 3, 6, 7, 9, 12, 15, 0x80 | 10, 0x80 | 20, 0x80 | 32, 0x80 | 40]) {
      for (const ticks of samples) {
        const expected = exact(tsresol, ticks);
        // Beyond 2^53 microseconds a number cannot hold the answer; those are not real times.
        if (expected > Number.MAX_SAFE_INTEGER) continue;
        expect(micros(tsresol, ticks), `tsresol ${tsresol}, ticks ${ticks}`).toBe(expected);
      }
    }
  });

  it('truncates toward the earlier microsecond rather than rounding', () => {
    expect(micros(9, 1_999n)).toBe(1);
    expect(micros(0x80 | 1, 1n)).toBe(500_000);
  });
});
