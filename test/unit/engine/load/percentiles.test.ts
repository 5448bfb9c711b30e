import { describe, expect, it } from 'vitest';
import { percentile, SampleBuffer } from '../../../../electron/engine/load/percentiles';

describe('percentile (nearest rank)', () => {
  it('picks the smallest sample with at least p% at or below it', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 10)).toBe(1);
    expect(percentile(sorted, 11)).toBe(2);
    expect(percentile(sorted, 100)).toBe(10);
  });

  it('handles one sample and none', () => {
    expect(percentile([42], 50)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('p99 of 1..1000 is 990, p95 950, p50 500', () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)]).toEqual([500, 950, 990]);
  });
});

describe('SampleBuffer', () => {
  it('grows past its initial size, sorts numerically and summarises', () => {
    const b = new SampleBuffer(2);
    for (const v of [30, 4, 100, 2, 10]) b.add(v);
    expect(b.count).toBe(5);
    expect(b.summary()).toEqual({ p50: 10, p95: 100, p99: 100, max: 100 });
    b.clear();
    expect(b.summary()).toEqual({});
  });

  it('rounds to 0.01 ms', () => {
    const b = new SampleBuffer();
    b.add(1.23456);
    expect(b.summary().p50).toBe(1.23);
  });
});
