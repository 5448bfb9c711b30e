// Cuts one direction of a TCP stream into SIP messages (RFC 3261 §18.3): a message is its
// headers up to the first empty line, then exactly Content-Length bytes of body. CRLFs between
// messages are keep-alives (RFC 5626 §3.5.1) or blank lines to ignore (§7.5).
//
// When the stream's position is unknown (the capture started mid-connection, or bytes are
// missing) the framer resynchronises: it looks for the next line that is a SIP start line and
// drops what came before.
import { readContentLength } from './content-length';
import { checkStartLine, findStartLine, isCrlfKeepAlive, MAX_START_LINE, skipLineBreaks } from './sip-start';
import { StreamBuffer } from './stream-buffer';

// Headers longer than this without an empty line are not SIP headers. As large as a body may be:
// a header folded over 200,000 lines is still read, as the text importer reads it (issue 14).
const MAX_HEADERS = 16 * 1024 * 1024;
// A larger Content-Length is damage, not a body: such a message is cut at its headers.
const MAX_BODY = 16 * 1024 * 1024;

export interface FramedMessage {
  readonly text: string;
  /** Packet whose bytes completed the message (or the last one before the stream ended). */
  readonly packet: number;
  readonly tsMicros: number | undefined;
  /** The stream ended, or bytes were missing, before the message was complete. */
  readonly truncated: boolean;
}

export type Emit = (message: FramedMessage) => void;

/** What a pushed chunk amounted to, for the per-packet accounting. */
export type PushOutcome = 'message' | 'partial' | 'keep-alive' | 'discarded';

export class SipStreamFramer {
  private readonly buffer = new StreamBuffer();
  /** Size of the message at the head once its headers are read. */
  private needed: number | undefined;
  private resyncing: boolean;
  /**
   * The head of the buffer is the first byte of a segment after an unknown position (capture
   * started mid-connection, or a gap): a complete start line right there is taken as a message
   * start, since segments usually begin at message boundaries.
   */
  private headIsSegmentStart: boolean;
  /** Bytes at the head already searched for the end of the headers, without finding it. */
  private scanned = 0;
  private lastPacket = 0;
  private lastTs: number | undefined;
  /** Bytes dropped because they were not part of any SIP message. */
  discardedBytes = 0;

  constructor(startsMidStream: boolean) {
    this.resyncing = startsMidStream;
    this.headIsSegmentStart = startsMidStream;
  }

  push(data: Buffer, packet: number, tsMicros: number | undefined, emit: Emit): PushOutcome {
    const idle = this.buffer.length === 0 && this.needed === undefined;
    const discardedBefore = this.discardedBytes;
    this.lastPacket = packet;
    this.lastTs = tsMicros;
    this.buffer.append(data);
    let messages = 0;
    while (this.frameNext()) {
      const text = this.buffer.take(this.needed ?? 0);
      this.needed = undefined;
      this.scanned = 0;
      emit({ text, packet, tsMicros, truncated: false });
      messages++;
    }
    if (messages > 0) return 'message';
    if (idle && isCrlfKeepAlive(data, 0, data.length)) return 'keep-alive';
    if (this.discardedBytes - discardedBefore >= data.length) return 'discarded';
    return 'partial';
  }

  /** Bytes are missing from the stream: the message in progress is cut, then resynchronise. */
  gap(emit: Emit): void {
    this.flushPartial(emit);
    this.resyncing = true;
    this.headIsSegmentStart = true;
  }

  /** The stream ended: a message in progress is emitted as truncated. */
  finish(emit: Emit): void {
    this.flushPartial(emit);
  }

  private flushPartial(emit: Emit): void {
    if (this.buffer.length > 0 && !this.resyncing) {
      const head = this.buffer.flatten();
      const start = skipLineBreaks(head, 0, head.length);
      if (start < head.length && checkStartLine(head, start, head.length) === 'sip') {
        this.drop(start);
        const text = this.buffer.take(this.buffer.length);
        emit({ text, packet: this.lastPacket, tsMicros: this.lastTs, truncated: true });
      }
    }
    this.discardedBytes += this.buffer.length;
    this.buffer.clear();
    this.needed = undefined;
    this.scanned = 0;
  }

  private drop(count: number): void {
    this.buffer.drop(count);
    this.scanned = Math.max(0, this.scanned - count);
  }

  /** Advances until a whole message is at the head (true) or more bytes are needed (false). */
  private frameNext(): boolean {
    while (this.needed === undefined) {
      if (this.buffer.length === 0) return false;
      let head = this.buffer.flatten();
      const start = skipLineBreaks(head, 0, head.length);
      if (start > 0) {
        this.drop(start);
        head = this.buffer.flatten();
        if (head.length === 0) return false;
      }
      if (this.resyncing && !this.resync(head)) return false;
      head = this.buffer.flatten();
      const check = checkStartLine(head, 0, head.length);
      if (check === 'incomplete') return false;
      if (check === 'not-sip') {
        this.resyncing = true;
        this.headIsSegmentStart = false;
        continue;
      }
      // Resume where the last search stopped: headers arriving a segment at a time are searched
      // once, not once per segment.
      const bodyStart = headerEnd(head, this.scanned);
      if (bodyStart < 0) {
        this.scanned = head.length;
        if (head.length <= MAX_HEADERS) return false;
        // Not SIP headers: keep only a tail that may hold the start of the next start line.
        const drop = head.length - (MAX_START_LINE + 1);
        this.resyncing = true;
        this.drop(drop);
        this.discardedBytes += drop;
        continue;
      }
      const contentLength = readContentLength(head, 0, bodyStart) ?? 0;
      this.needed = bodyStart + (contentLength > MAX_BODY ? 0 : contentLength);
    }
    return this.buffer.length >= this.needed;
  }

  /** Drops bytes up to the next SIP start line; false when none is in the buffer yet. */
  private resync(head: Buffer): boolean {
    const atHead = this.headIsSegmentStart && checkStartLine(head, 0, head.length) === 'sip';
    this.headIsSegmentStart = false;
    if (atHead) {
      this.resyncing = false;
      return true;
    }
    const at = findStartLine(head);
    if (at === -1) {
      // Keep a tail that may hold the beginning of a start line split across segments.
      const keep = Math.min(head.length, MAX_START_LINE + 1);
      this.discardedBytes += head.length - keep;
      this.drop(head.length - keep);
      return false;
    }
    this.discardedBytes += at;
    this.drop(at);
    this.resyncing = false;
    return true;
  }
}

/**
 * Offset just past the empty line ending the headers: CRLFCRLF, or LFLF from senders that end
 * lines with a bare LF (the start line shows which). -1 when the headers are not complete yet.
 * `from`: the first `from` bytes are known to hold neither.
 */
function headerEnd(b: Buffer, from: number): number {
  const firstLf = b.indexOf(0x0a);
  if (firstLf > 0 && b[firstLf - 1] === 0x0d) {
    const crlf = b.indexOf('\r\n\r\n', Math.max(0, from - 3), 'latin1');
    if (crlf >= 0) return crlf + 4;
  }
  const lf = b.indexOf('\n\n', Math.max(0, from - 1), 'latin1');
  return lf >= 0 ? lf + 2 : -1;
}
