/** Keeps the last `capacity` items; used to quote a peer's recent output in error messages. */
export class RingBuffer<T> {
  private readonly items: T[] = [];

  constructor(private readonly capacity: number) {
    if (capacity < 1) throw new Error('RingBuffer capacity must be at least 1');
  }

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.shift();
  }

  toArray(): T[] {
    return [...this.items];
  }
}
