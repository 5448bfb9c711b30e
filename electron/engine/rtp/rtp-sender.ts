// The send half of a session: paces one packet per frame slot by due time, builds RFC 3550 §5.1
// packets, and slots DTMF events in place of audio. It never touches a socket (transmit is
// injected) and reads time from the injected clock, so tests can drive it by hand.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { CODECS, type CodecName } from '../sdp/codecs';
import { DtmfScheduler, type DigitTiming } from './dtmf-scheduler';
import { RTP_HEADER_BYTES, writeRtpHeader } from './rtp-packet';
import type { SendMode, SentStats } from './rtp-stats';
import { ToneSource } from './tone-source';

/** After a stall, send at most this many overdue frames at once; skip the older ones. */
const MAX_CATCH_UP = 3;
/** Send a frame up to this early: timers can fire a fraction of a millisecond ahead. */
const EARLY_MS = 1;
/**
 * Packets are built in a ring of buffers, since the socket may still hold one when the next
 * is written; 32 frames (640 ms) is far beyond any send latency.
 */
const RING = 32;
/** The largest payload we build: 60 ms of G.711 (480 bytes). */
const MAX_PAYLOAD = 480;

export interface StreamIdentity {
  readonly ssrc: number;
  readonly sequence: number;
  readonly timestamp: number;
}

/** RFC 3550 §5.1: SSRC, initial sequence number and initial timestamp "SHOULD be random". */
export function randomIdentity(): StreamIdentity {
  const bytes = randomBytes(10);
  return { ssrc: bytes.readUInt32BE(0), sequence: bytes.readUInt16BE(4), timestamp: bytes.readUInt32BE(6) };
}

export interface RtpSenderOptions {
  readonly clock: Clock;
  readonly codec: CodecName;
  readonly payloadType: number;
  readonly mode: SendMode;
  readonly ptimeMs?: number;
  readonly dtmfPayloadType?: number;
  readonly toneHz?: number;
  readonly levelDbm0?: number;
  /** Hands `length` bytes of `packet` to the network. The buffer is reused later. */
  readonly transmit: (packet: Buffer, length: number) => void;
  /** Fixed SSRC/sequence/timestamp for tests; random otherwise. */
  readonly identity?: StreamIdentity;
}

export class RtpSender {
  readonly ssrc: number;
  readonly frameMs: number;
  private readonly firstSequence: number;
  private readonly firstTimestamp: number;
  private readonly timestampsPerFrame: number;
  private readonly tone: ToneSource | undefined;
  private readonly dtmf: DtmfScheduler;
  private readonly ring: readonly Buffer[];
  private ringIndex = 0;
  private sequence: number;
  private startMs: number | undefined;
  private nextSlot = 0;
  private packets = 0;
  private audioPackets = 0;
  private dtmfPackets = 0;
  private octets = 0;
  private skippedFrames = 0;
  private lastSequence: number | undefined;
  private lastTimestamp: number | undefined;

  constructor(private readonly opts: RtpSenderOptions) {
    const identity = opts.identity ?? randomIdentity();
    this.ssrc = identity.ssrc >>> 0;
    this.firstSequence = identity.sequence & 0xffff;
    this.sequence = this.firstSequence;
    this.firstTimestamp = identity.timestamp >>> 0;
    this.frameMs = opts.ptimeMs ?? 20;
    const codec = CODECS[opts.codec];
    this.timestampsPerFrame = (codec.clockRate * this.frameMs) / 1000;
    this.tone =
      opts.mode === 'none'
        ? undefined
        : ToneSource.create({
            codec: opts.codec,
            mode: opts.mode,
            frameMs: this.frameMs,
            frequencyHz: opts.toneHz,
            levelDbm0: opts.levelDbm0,
          });
    this.dtmf = new DtmfScheduler(this.frameMs, this.timestampsPerFrame);
    this.ring = Array.from({ length: RING }, () => Buffer.alloc(RTP_HEADER_BYTES + MAX_PAYLOAD));
  }

  get started(): boolean {
    return this.startMs !== undefined;
  }

  get startedAtMs(): number | undefined {
    return this.startMs;
  }

  /** Starts the stream clock and sends the first frame at once. */
  start(): void {
    if (this.startMs !== undefined) return;
    this.startMs = this.opts.clock.nowMs();
    this.tick();
  }

  /**
   * Sends every frame that is due. Frame k is due at start + k·ptime, whenever tick() runs, so
   * a late timer delays packets but never stretches the stream (no drift).
   */
  tick(): void {
    if (this.startMs === undefined) return;
    const elapsed = this.opts.clock.nowMs() - this.startMs;
    const due = Math.floor((elapsed + EARLY_MS) / this.frameMs) + 1;
    if (due - this.nextSlot > MAX_CATCH_UP) {
      // The slots skipped keep their timestamps unused: to the far side it looks like a
      // silence gap, which is what actually happened.
      this.skippedFrames += due - MAX_CATCH_UP - this.nextSlot;
      this.nextSlot = due - MAX_CATCH_UP;
    }
    while (this.nextSlot < due) this.sendSlot(this.nextSlot++);
  }

  /** Queues RFC 4733 digits; resolves when they (and the gap after the last) have been sent. */
  async sendDigits(digits: string, timing?: DigitTiming): Promise<void> {
    if (this.opts.dtmfPayloadType === undefined) {
      throw new Error(
        'cannot send DTMF: no telephone-event payload type was negotiated (the far side did not offer it)',
      );
    }
    return this.dtmf.enqueue(digits, timing);
  }

  /** Stops any queued digits. */
  stop(): void {
    this.dtmf.cancel('the RTP session stopped before the digits were sent');
  }

  private sendSlot(slot: number): void {
    // RFC 3550 §5.1: the timestamp is the sampling instant of the first octet: 160 per 20 ms
    // frame at 8000 Hz, modulo 2^32.
    const timestamp = (this.firstTimestamp + slot * this.timestampsPerFrame) >>> 0;
    const dtmfType = this.opts.dtmfPayloadType;
    const event = dtmfType === undefined ? undefined : this.dtmf.next(timestamp);
    if (event && dtmfType !== undefined) {
      this.write(dtmfType, event.marker, event.timestamp, event.payload);
      this.dtmfPackets++;
    } else if (this.tone) {
      // RFC 3551 §4.1: the marker bit flags the first packet of a talkspurt — here, the stream.
      this.write(this.opts.payloadType, this.packets === 0, timestamp, this.tone.frame(slot));
      this.audioPackets++;
    }
  }

  private write(payloadType: number, marker: boolean, timestamp: number, payload: Uint8Array): void {
    const buf = this.ring[this.ringIndex] as Buffer;
    this.ringIndex = (this.ringIndex + 1) % RING;
    writeRtpHeader(buf, { marker, payloadType, sequence: this.sequence, timestamp, ssrc: this.ssrc });
    buf.set(payload, RTP_HEADER_BYTES);
    this.lastSequence = this.sequence;
    this.lastTimestamp = timestamp;
    // RFC 3550 §5.1: "The sequence number increments by one for each RTP data packet sent".
    this.sequence = (this.sequence + 1) & 0xffff;
    this.packets++;
    this.octets += payload.length;
    this.opts.transmit(buf, RTP_HEADER_BYTES + payload.length);
  }

  stats(): SentStats {
    const sent = this.packets > 0;
    return {
      ssrc: this.ssrc,
      packets: this.packets,
      audioPackets: this.audioPackets,
      dtmfPackets: this.dtmfPackets,
      octets: this.octets,
      sendErrors: 0,
      skippedFrames: this.skippedFrames,
      ...(sent
        ? {
            firstSeq: this.firstSequence,
            lastSeq: this.lastSequence,
            firstTimestamp: this.firstTimestamp,
            lastTimestamp: this.lastTimestamp,
          }
        : {}),
    };
  }
}
