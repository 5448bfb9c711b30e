// Percentiles by the nearest-rank method: the smallest sample with at least p% of the samples at
// or below it. Always one of the samples (no interpolation), so "p99 latency 12 ms" is a latency
// that a real call had.

/** p in (0, 100]; `sorted` ascending, first `count` entries used. Undefined when empty. */
export function percentile(sorted: ArrayLike<number>, p: number, count = sorted.length): number | undefined {
  if (count <= 0) return undefined;
  const rank = Math.ceil((p / 100) * count);
  return sorted[Math.min(count, Math.max(1, rank)) - 1];
}

/** A growable list of samples kept in a typed array (no per-sample objects). */
export class SampleBuffer {
  private data: Float64Array;
  private n = 0;
  constructor(initial = 1024) {
    this.data = new Float64Array(initial);
  }
  get count(): number {
    return this.n;
  }
  add(value: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = value;
  }
  clear(): void {
    this.n = 0;
  }
  /** Sorts in place and returns p50/p95/p99 (undefined when empty), rounded to 0.01. */
  summary(): { p50?: number; p95?: number; p99?: number; max?: number } {
    if (this.n === 0) return {};
    const view = this.data.subarray(0, this.n).sort();
    const r = (v: number | undefined): number | undefined =>
      v === undefined ? undefined : Math.round(v * 100) / 100;
    return {
      p50: r(percentile(view, 50)),
      p95: r(percentile(view, 95)),
      p99: r(percentile(view, 99)),
      max: r(view[this.n - 1]),
    };
  }
}
