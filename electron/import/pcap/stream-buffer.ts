// The not-yet-framed bytes of one TCP direction, kept as views of the segments they came in.
// Bytes are copied only while a message's headers are incomplete across segments (flatten);
// a long body spread over many segments is sliced straight out of the views. Linear however the
// bytes arrive (issue 14): flatten copies into a store with room to grow, so headers that come
// a segment at a time are copied O(1) times per byte, and consumed chunks are skipped by an
// index rather than shift()ed off the front.

export class StreamBuffer {
  private chunks: Buffer[] = [];
  /** Index of the first chunk still buffered. */
  private first = 0;
  /** Where flatten last copied to, with room after the bytes in use; undefined when none. */
  private store: Buffer | undefined;
  private storeEnd = 0;
  length = 0;

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.length += chunk.length;
    const only = this.chunks.length - this.first === 1 ? this.chunks[this.first] : undefined;
    const store = this.store;
    if (
      only !== undefined &&
      store !== undefined &&
      only.buffer === store.buffer &&
      only.byteOffset + only.length === store.byteOffset + this.storeEnd &&
      this.storeEnd + chunk.length <= store.length
    ) {
      // The flattened bytes are alone in the buffer: grow them in place.
      chunk.copy(store, this.storeEnd);
      this.storeEnd += chunk.length;
      this.chunks[this.first] = store.subarray(this.storeEnd - only.length - chunk.length, this.storeEnd);
      return;
    }
    this.chunks.push(chunk);
  }

  /** All buffered bytes as one Buffer (a copy only when they span several chunks). */
  flatten(): Buffer {
    if (this.length === 0) return Buffer.alloc(0);
    if (this.chunks.length - this.first > 1) {
      // Twice the room needed: the next segments of the same headers are appended in place.
      const store = Buffer.allocUnsafe(Math.max(this.length * 2, 4096));
      let at = 0;
      for (let i = this.first; i < this.chunks.length; i++) at += this.chunks[i]!.copy(store, at);
      this.store = store;
      this.storeEnd = at;
      this.chunks = [store.subarray(0, at)];
      this.first = 0;
    }
    return this.chunks[this.first] ?? Buffer.alloc(0);
  }

  /** Removes the first `count` bytes and returns them as latin1 text (one char per byte). */
  take(count: number): string {
    const parts: string[] = [];
    let left = Math.min(count, this.length);
    this.length -= left;
    while (left > 0) {
      const chunk = this.chunks[this.first];
      if (!chunk) break;
      if (chunk.length <= left) {
        parts.push(chunk.toString('latin1'));
        left -= chunk.length;
        this.consumeFirst();
      } else {
        parts.push(chunk.toString('latin1', 0, left));
        this.chunks[this.first] = chunk.subarray(left);
        left = 0;
      }
    }
    return parts.join('');
  }

  /** Drops the first `count` bytes. */
  drop(count: number): void {
    let left = Math.min(count, this.length);
    this.length -= left;
    while (left > 0) {
      const chunk = this.chunks[this.first];
      if (!chunk) break;
      if (chunk.length <= left) {
        left -= chunk.length;
        this.consumeFirst();
      } else {
        this.chunks[this.first] = chunk.subarray(left);
        left = 0;
      }
    }
  }

  clear(): void {
    this.chunks = [];
    this.first = 0;
    this.length = 0;
  }

  private consumeFirst(): void {
    this.first++;
    // Drop the consumed slots once they are half the array, so it stays proportional to what is held.
    if (this.first === this.chunks.length) {
      this.chunks = [];
      this.first = 0;
    } else if (this.first > 1024 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}
