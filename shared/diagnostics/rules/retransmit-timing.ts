// RFC 3261 retransmission timers, to judge the gaps between copies of one message.
//  - INVITE client (§17.1.1.2, Timer A): T1, 2*T1, 4*T1 … doubling without a cap, until Timer B.
//  - non-INVITE client (§17.1.2.2, Timer E): T1, 2*T1 … capped at T2, until Timer F.
//  - 2xx to INVITE at the UAS (§13.3.1.4) and non-2xx final at the INVITE server (§17.2.1, Timer G):
//    T1 doubling, capped at T2.
// T1 = 500 ms and T2 = 4 s by default (§17.1.1.1); T1 may be configured larger, so a sequence that
// doubles from another start is accepted as "custom T1".

export const T1_MICROS = 500_000;
export const T2_MICROS = 4_000_000;

export type TimingVerdict =
  | { readonly kind: 'rfc' }
  | { readonly kind: 'custom-t1'; readonly t1Micros: number }
  | { readonly kind: 'irregular'; readonly expectedMicros: readonly number[] };

export function expectedGaps(count: number, capped: boolean, t1 = T1_MICROS): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const doubled = t1 * 2 ** i;
    out.push(capped ? Math.min(doubled, Math.max(T2_MICROS, t1)) : doubled);
  }
  return out;
}

/** Timer granularity and capture jitter: 25 % of the expected gap, at least 100 ms. */
function close(observed: number, expected: number): boolean {
  return Math.abs(observed - expected) <= Math.max(0.25 * expected, 100_000);
}

export function judgeGaps(gaps: readonly number[], capped: boolean): TimingVerdict {
  const rfc = expectedGaps(gaps.length, capped);
  if (gaps.every((g, i) => close(g, rfc[i] ?? 0))) return { kind: 'rfc' };
  const t1 = gaps[0] ?? 0;
  if (t1 >= 0.8 * T1_MICROS) {
    const custom = expectedGaps(gaps.length, capped, t1);
    if (gaps.every((g, i) => close(g, custom[i] ?? 0))) return { kind: 'custom-t1', t1Micros: t1 };
  }
  return { kind: 'irregular', expectedMicros: rfc };
}
