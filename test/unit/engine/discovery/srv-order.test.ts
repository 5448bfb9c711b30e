import { describe, expect, it } from 'vitest';
import type { SrvRecord } from '../../../../electron/engine/discovery/dns-client';
import { orderSrv } from '../../../../electron/engine/discovery/srv-order';
import { randomSequence, seededRandom, srv } from './fake-dns';

const names = (records: readonly { name: string }[]): string[] => records.map((r) => r.name);

/** How often each name comes first over `runs` orderings with a seeded PRNG. */
function firstPickShare(records: readonly SrvRecord[], runs: number, seed: number): Map<string, number> {
  const random = seededRandom(seed);
  const counts = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const first = orderSrv(records, random)[0]?.name ?? 'none';
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return new Map([...counts].map(([name, n]) => [name, n / runs]));
}

describe('orderSrv (RFC 2782)', () => {
  it('tries lower priority numbers first, whatever order the DNS returned', () => {
    const records = [
      srv('backup.example.com', 5060, 20, 100),
      srv('primary-b.example.com', 5060, 10, 50),
      srv('last.example.com', 5060, 30, 0),
      srv('primary-a.example.com', 5060, 10, 50),
      srv('first.example.com', 5060, 5, 0),
    ];
    const random = seededRandom(7);
    for (let run = 0; run < 200; run++) {
      const ordered = orderSrv(records, random);
      expect(ordered.map((r) => r.priority)).toEqual([5, 10, 10, 20, 30]);
      expect(names(ordered.slice(1, 3)).sort()).toEqual(['primary-a.example.com', 'primary-b.example.com']);
    }
  });

  it('picks within a priority by running weight sum against a number in [0, sum]', () => {
    const records = [srv('nw1', 5060, 10, 60), srv('se1', 5060, 10, 40)];
    // sum 100: 0.5 → 50 ≤ 60, nw1; 0.7 → 70 > 60, se1; 0.6 → 60 ≤ 60, nw1 (the sum is inclusive).
    expect(names(orderSrv(records, randomSequence(0.5)))).toEqual(['nw1', 'se1']);
    expect(names(orderSrv(records, randomSequence(0.7)))).toEqual(['se1', 'nw1']);
    expect(names(orderSrv(records, randomSequence(0.6)))).toEqual(['nw1', 'se1']);
    expect(names(orderSrv(records, randomSequence(0)))).toEqual(['nw1', 'se1']);
    expect(names(orderSrv(records, randomSequence(0.999999)))).toEqual(['se1', 'nw1']);
  });

  it('removes each pick and draws again among the rest', () => {
    const records = [srv('a', 5060, 1, 10), srv('b', 5060, 1, 20), srv('c', 5060, 1, 30)];
    // sum 60, draw 0.6 → 36 > 30 (a+b) → c; then a, b: sum 30, draw 0.2 → 6 ≤ 10 → a; then b.
    expect(names(orderSrv(records, randomSequence(0.6, 0.2)))).toEqual(['c', 'a', 'b']);
    // sum 60, draw 0.3 → 18 → b; then a, c: sum 40, draw 0.5 → 20 > 10 → c; then a.
    expect(names(orderSrv(records, randomSequence(0.3, 0.5)))).toEqual(['b', 'c', 'a']);
  });

  it('gives the same order for the same random numbers', () => {
    const records = [
      srv('a', 5060, 1, 10),
      srv('b', 5060, 1, 20),
      srv('c', 5060, 1, 30),
      srv('d', 5060, 2, 5),
    ];
    expect(orderSrv(records, seededRandom(42))).toEqual(orderSrv(records, seededRandom(42)));
  });

  it('puts a weight-60 record first about 60% of the time against a weight-40 sibling', () => {
    const share = firstPickShare([srv('se1', 5060, 10, 40), srv('nw1', 5060, 10, 60)], 20_000, 2024);
    expect(share.get('nw1')).toBeGreaterThan(0.56);
    expect(share.get('nw1')).toBeLessThan(0.64);
    expect(share.get('se1')).toBeGreaterThan(0.36);
    expect(share.get('se1')).toBeLessThan(0.44);
  });

  it('lists weight-0 records ahead of the running sum: picked only on a draw of 0', () => {
    const records = [srv('heavy', 5060, 1, 10), srv('zero-a', 5060, 1, 0), srv('zero-b', 5060, 1, 0)];
    // Unordered list is zero-a, zero-b, heavy (running sums 0, 0, 10).
    expect(names(orderSrv(records, randomSequence(0)))).toEqual(['zero-a', 'zero-b', 'heavy']);
    // 0.99 → 10 → heavy; the rest sum to 0, so zero-a, then zero-b.
    expect(names(orderSrv(records, randomSequence(0.99)))).toEqual(['heavy', 'zero-a', 'zero-b']);
  });

  it('rarely, but not never, tries a weight-0 record first', () => {
    const share = firstPickShare([srv('main', 5060, 1, 100), srv('spare', 5060, 1, 0)], 20_000, 99);
    expect(share.get('spare') ?? 0).toBeGreaterThan(0);
    expect(share.get('spare') ?? 0).toBeLessThan(0.03);
  });

  it('keeps DNS order when every weight is 0', () => {
    const records = [srv('x', 5060, 1, 0), srv('y', 5060, 1, 0), srv('z', 5060, 1, 0)];
    expect(names(orderSrv(records, seededRandom(3)))).toEqual(['x', 'y', 'z']);
  });

  it('returns every record once and leaves the input alone', () => {
    const records = [srv('a', 5060, 2, 1), srv('b', 5060, 1, 1), srv('c', 5060, 1, 0)];
    const copy = structuredClone(records);
    const ordered = orderSrv(records, seededRandom(1));
    expect(records).toEqual(copy);
    expect(names(ordered).sort()).toEqual(['a', 'b', 'c']);
    expect(orderSrv([])).toEqual([]);
  });
});
