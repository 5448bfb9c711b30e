// RFC 3261 §18.3: on a stream transport, messages are framed by the blank line after the headers
// and the Content-Length header, which is mandatory there.

const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n');

export interface FramerEvents {
  message(raw: Buffer): void;
  /** Bytes that cannot be framed; the connection should be closed after this. */
  garbage(raw: Buffer, why: string): void;
}

export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private dead = false;

  constructor(private readonly events: FramerEvents) {}

  push(chunk: Buffer): void {
    if (this.dead) return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      // RFC 5626 §3.5.1 keep-alives (CRLF) between messages are skipped.
      let start = 0;
      while (start + 1 < this.buffer.length && this.buffer[start] === 13 && this.buffer[start + 1] === 10)
        start += 2;
      if (start > 0) this.buffer = this.buffer.subarray(start);
      const end = this.buffer.indexOf(CRLFCRLF);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) this.fail('no end of headers within 64 KiB');
        return;
      }
      const head = this.buffer.subarray(0, end).toString('latin1');
      const m = /(?:^|\r\n)(?:content-length|l)[ \t]*:[ \t]*(\d+)/i.exec(head);
      if (!m) {
        this.fail('no Content-Length on a stream transport (RFC 3261 §18.3)');
        return;
      }
      const length = Number(m[1]);
      if (length > MAX_BODY_BYTES) {
        this.fail(`Content-Length ${length} is larger than 1 MiB`);
        return;
      }
      const total = end + 4 + length;
      if (this.buffer.length < total) return;
      const message = Buffer.from(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
      this.events.message(message);
    }
  }

  /** Whatever is left when the connection closes (a truncated message). */
  end(): void {
    if (!this.dead && this.buffer.length > 0)
      this.events.garbage(Buffer.from(this.buffer), 'connection closed mid-message');
    this.buffer = Buffer.alloc(0);
  }

  private fail(why: string): void {
    this.dead = true;
    this.events.garbage(Buffer.from(this.buffer), why);
    this.buffer = Buffer.alloc(0);
  }
}
