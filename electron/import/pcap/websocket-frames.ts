// SIP over WebSocket (RFC 7118) as a TCP stream carries it: an HTTP/1.1 Upgrade handshake on any
// port (RFC 6455 §4: "GET … Upgrade: websocket", answered "HTTP/1.1 101"), then WebSocket frames
// (RFC 6455 §5.2). Each SIP message is exactly one WebSocket message (RFC 7118 §5), which may be
// split over several frames (§5.4: FIN clear, then continuation frames) and masked by the client
// (§5.3). Frames in turn may share a TCP segment or span several.
import { checkStartLine, skipLineBreaks } from './sip-start';
import { StreamBuffer } from './stream-buffer';

const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
// A larger frame or message is damage (SIP messages are kilobytes): the stream is given up.
const MAX_MESSAGE = 16 * 1024 * 1024;
// An HTTP handshake longer than this is not a handshake.
const MAX_HANDSHAKE = 64 * 1024;
const HEADER_END = '\r\n\r\n';

/** Which side of an HTTP Upgrade to WebSocket the first bytes of a TCP direction are. */
export function webSocketHandshake(data: Buffer): 'request' | 'response' | undefined {
  if (data.length < 16) return undefined;
  const head = data.toString('latin1', 0, Math.min(data.length, 8192));
  if (/^HTTP\/1\.[01] 101[ \r]/.test(head)) return 'response';
  if (head.startsWith('GET ') && /\r?\nUpgrade:[ \t]*websocket/i.test(head)) return 'request';
  return undefined;
}

interface FrameHeader {
  readonly fin: boolean;
  readonly opcode: number;
  /** Offset of the payload from the frame start. */
  readonly headerLength: number;
  readonly payloadLength: number;
  /** Offset of the 4-byte masking key from the frame start; -1 when unmasked. */
  readonly maskAt: number;
}

/** The frame header at `b[at]`, 'incomplete' when more bytes are needed. */
function frameHeader(b: Uint8Array, at: number, end: number): FrameHeader | 'incomplete' {
  if (end - at < 2) return 'incomplete';
  const first = b[at] ?? 0;
  const second = b[at + 1] ?? 0;
  let length = second & 0x7f;
  let p = 2;
  if (length === 126) {
    if (end - at < 4) return 'incomplete';
    length = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
    p = 4;
  } else if (length === 127) {
    if (end - at < 10) return 'incomplete';
    // Lengths past 2^32 are never SIP: the high bytes make it "too large" below.
    const high = ((b[at + 2] ?? 0) | (b[at + 3] ?? 0) | (b[at + 4] ?? 0) | (b[at + 5] ?? 0)) !== 0;
    length = high
      ? Number.MAX_SAFE_INTEGER
      : (((b[at + 6] ?? 0) << 24) >>> 0) +
        (((b[at + 7] ?? 0) << 16) | ((b[at + 8] ?? 0) << 8) | (b[at + 9] ?? 0));
    p = 10;
  }
  const masked = (second & 0x80) !== 0;
  const maskAt = masked ? p : -1;
  if (masked) p += 4;
  if (end - at < p) return 'incomplete';
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, headerLength: p, payloadLength: length, maskAt };
}

/** `count` payload bytes at `b[at]`, unmasked (RFC 6455 §5.3) into a new Buffer. */
function unmask(b: Buffer, at: number, count: number, maskAt: number): Buffer {
  const out = Buffer.from(b.subarray(at, at + count));
  if (maskAt < 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) ^ (b[maskAt + (i & 3)] ?? 0);
  return out;
}

/**
 * Whether a segment seen without its connection's handshake starts with a WebSocket data frame
 * whose (unmasked) payload starts like SIP: a capture that began after the Upgrade.
 */
export function startsWithSipFrame(data: Buffer): boolean {
  const h = frameHeader(data, 0, data.length);
  if (h === 'incomplete' || (h.opcode !== OP_TEXT && h.opcode !== OP_BINARY)) return false;
  if ((data[0] ?? 0) & 0x70) return false; // RSV bits: no extension is negotiated for SIP
  const available = Math.min(h.payloadLength, data.length - h.headerLength, 64);
  if (available <= 0) return false;
  const head = unmask(data, h.headerLength, available, h.maskAt);
  const at = skipLineBreaks(head, 0, head.length);
  return at < head.length && checkStartLine(head, at, head.length) === 'sip';
}

/** What one push amounted to, for the per-packet accounting. */
export type WebSocketOutcome = 'message' | 'partial' | 'handshake' | 'broken';

/** One direction of a WebSocket connection: bytes in, whole WebSocket messages out. */
export class WebSocketStream {
  private readonly buffer = new StreamBuffer();
  private inHandshake: boolean;
  /** Payloads of the fragmented message in progress (RFC 6455 §5.4), undefined when none. */
  private fragments: Buffer[] | undefined;
  private fragmentBytes = 0;
  private broken = false;
  /** After a gap: frame boundaries are lost until a segment starts with a SIP frame. */
  private resyncing = false;
  /** Bytes dropped: a damaged frame and everything after it. */
  discardedBytes = 0;

  constructor(startsWithHandshake: boolean) {
    this.inHandshake = startsWithHandshake;
  }

  push(data: Buffer, emit: (payload: Buffer) => void): WebSocketOutcome {
    if (this.resyncing) {
      if (!startsWithSipFrame(data)) {
        this.discardedBytes += data.length;
        return 'broken';
      }
      this.resyncing = false;
      this.broken = false;
      this.inHandshake = false;
    }
    if (this.broken) {
      this.discardedBytes += data.length;
      return 'broken';
    }
    this.buffer.append(data);
    let outcome: WebSocketOutcome = 'partial';
    if (this.inHandshake) {
      const head = this.buffer.flatten();
      const end = head.indexOf(HEADER_END, 0, 'latin1');
      if (end < 0) {
        if (head.length > MAX_HANDSHAKE) this.breakOff();
        return 'handshake';
      }
      this.buffer.drop(end + HEADER_END.length);
      this.inHandshake = false;
      outcome = 'handshake';
    }
    while (this.buffer.length > 0) {
      const b = this.buffer.flatten();
      const h = frameHeader(b, 0, b.length);
      if (h === 'incomplete') break;
      if (h.payloadLength > MAX_MESSAGE || this.fragmentBytes + h.payloadLength > MAX_MESSAGE) {
        this.breakOff();
        return 'broken';
      }
      if (b.length < h.headerLength + h.payloadLength) break;
      const payload = unmask(b, h.headerLength, h.payloadLength, h.maskAt);
      this.buffer.drop(h.headerLength + h.payloadLength);
      if (this.frame(h, payload, emit)) outcome = 'message';
    }
    return outcome;
  }

  /** One whole frame; true when it completed a data message. */
  private frame(h: FrameHeader, payload: Buffer, emit: (payload: Buffer) => void): boolean {
    // Close, ping and pong (opcodes 8–10) carry no SIP and may sit between fragments (§5.5).
    if (h.opcode >= 0x8) return false;
    if (h.opcode === OP_TEXT || h.opcode === OP_BINARY) {
      // A new message while one is in progress: the earlier one lost its end.
      if (this.fragments) this.discardedBytes += this.fragmentBytes;
      this.fragments = undefined;
      this.fragmentBytes = 0;
      if (h.fin) {
        emit(payload);
        return true;
      }
      this.fragments = [payload];
      this.fragmentBytes = payload.length;
      return false;
    }
    if (h.opcode !== OP_CONTINUATION || !this.fragments) {
      this.discardedBytes += payload.length;
      return false;
    }
    this.fragments.push(payload);
    this.fragmentBytes += payload.length;
    if (!h.fin) return false;
    const whole = Buffer.concat(this.fragments, this.fragmentBytes);
    this.fragments = undefined;
    this.fragmentBytes = 0;
    emit(whole);
    return true;
  }

  /** Bytes are missing from the stream: what is buffered is lost, then resynchronise. */
  gap(): void {
    this.breakOff();
    this.resyncing = true;
  }

  private breakOff(): void {
    this.broken = true;
    this.discardedBytes += this.buffer.length + this.fragmentBytes;
    this.buffer.clear();
    this.fragments = undefined;
    this.fragmentBytes = 0;
  }
}
