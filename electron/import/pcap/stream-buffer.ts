// The not-yet-framed bytes of one TCP direction, kept as views of the segments they came in.
// Bytes are copied only while a message's headers are incomplete across segments (flatten);
// a long body spread over many segments is sliced straight out of the views.

export class StreamBuffer {
  private chunks: Buffer[] = [];
  length = 0;

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** All buffered bytes as one Buffer (a copy only when they span several chunks). */
  flatten(): Buffer {
    if (this.chunks.length === 0) return Buffer.alloc(0);
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Removes the first `count` bytes and returns them as latin1 text (one char per byte). */
  take(count: number): string {
    let text = '';
    let left = Math.min(count, this.length);
    this.length -= left;
    while (left > 0) {
      const chunk = this.chunks[0];
      if (!chunk) break;
      if (chunk.length <= left) {
        text += chunk.toString('latin1');
        left -= chunk.length;
        this.chunks.shift();
      } else {
        text += chunk.toString('latin1', 0, left);
        this.chunks[0] = chunk.subarray(left);
        left = 0;
      }
    }
    return text;
  }

  /** Drops the first `count` bytes. */
  drop(count: number): void {
    let left = Math.min(count, this.length);
    this.length -= left;
    while (left > 0) {
      const chunk = this.chunks[0];
      if (!chunk) break;
      if (chunk.length <= left) {
        left -= chunk.length;
        this.chunks.shift();
      } else {
        this.chunks[0] = chunk.subarray(left);
        left = 0;
      }
    }
  }

  clear(): void {
    this.chunks = [];
    this.length = 0;
  }
}
