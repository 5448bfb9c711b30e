// A map whose entries expire after a fixed time and whose size is capped: the server side's memory
// of answered requests (RFC 3261 §17.2.2: a retransmission within 64*T1 gets the same response).
// Insertion order is expiry order (one TTL for all), so expiring is popping from the front: O(1)
// amortized per insert, no timer per entry. Over the cap, the oldest entry goes first: a flood
// then costs retransmission memory of its own oldest requests, never unbounded growth.
import type { Clock } from '../clock';

export class BoundedTtlMap<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expiresAtMs: number }>();

  constructor(
    private readonly clock: Pick<Clock, 'nowMs'>,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.clock.nowMs()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    const now = this.clock.nowMs();
    this.entries.delete(key);
    this.expire(now);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAtMs: now + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private expire(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAtMs > now) return;
      this.entries.delete(key);
    }
  }
}
