// Turns a digit string into RFC 4733 telephone-event packets, one per audio frame slot, on the
// stream's own SSRC, sequence and timestamp clock. While a digit plays it takes the place of
// the audio packet (the tone pauses); between digits the audio resumes.
import { checkDigits, DTMF_PAYLOAD_BYTES, eventOfDigit, writeTelephoneEvent } from './dtmf';

/** §2.3.4: volume is a positive number of dB below 0 dBm0; 10 is a typical DTMF level. */
const VOLUME = 10;
/** §2.5.1.4: "the final packet for each event ... SHOULD be sent a total of three times". */
const END_PACKETS = 3;

export interface DigitTiming {
  /** How long each digit sounds (default 100 ms). */
  readonly durationMs?: number;
  /** Silence (audio) between digits (default 100 ms). */
  readonly gapMs?: number;
}

export interface DtmfSlot {
  /** Reused for every packet: copy it before the next call. */
  readonly payload: Uint8Array;
  readonly marker: boolean;
  readonly timestamp: number;
}

interface Job {
  readonly events: readonly number[];
  readonly toneFrames: number;
  readonly gapFrames: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class DtmfScheduler {
  private readonly queue: Job[] = [];
  private readonly payload = new Uint8Array(DTMF_PAYLOAD_BYTES);
  /** Position within the current job: digit index and frame within that digit's cycle. */
  private digit = 0;
  private frame = 0;
  private eventTimestamp = 0;

  constructor(
    private readonly frameMs: number,
    private readonly timestampsPerFrame: number,
  ) {}

  /** Queues digits; resolves once the last digit and the gap after it have been sent. */
  enqueue(digits: string, timing: DigitTiming = {}): Promise<void> {
    checkDigits(digits);
    const toneFrames = Math.max(1, Math.round((timing.durationMs ?? 100) / this.frameMs));
    const gapFrames = Math.max(1, Math.round((timing.gapMs ?? 100) / this.frameMs));
    // §2.5.1.3: the duration field is 16 bits; longer events would need segmenting.
    if (toneFrames * this.timestampsPerFrame > 0xffff) throw new Error('a DTMF digit may last at most 8 s');
    const events = [...digits].map((d) => eventOfDigit(d) as number);
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, toneFrames, gapFrames, resolve, reject });
    });
  }

  get busy(): boolean {
    return this.queue.length > 0;
  }

  /**
   * Called once per frame slot with the RTP timestamp of that slot. Returns the telephone-event
   * packet to send in place of audio, or undefined when audio should go out.
   */
  next(slotTimestamp: number): DtmfSlot | undefined {
    const job = this.queue[0];
    if (!job) return undefined;
    const event = job.events[this.digit] as number;
    const { toneFrames, gapFrames } = job;
    const frame = this.frame++;
    let slot: DtmfSlot | undefined;

    if (frame < toneFrames) {
      // §2.5.1.2: every packet of an event carries the event's start timestamp and the
      // duration so far; §2.5.1.3 (marker): set on the first packet of the event.
      if (frame === 0) this.eventTimestamp = slotTimestamp >>> 0;
      const last = frame === toneFrames - 1;
      writeTelephoneEvent(this.payload, {
        event,
        end: last,
        volume: VOLUME,
        duration: (frame + 1) * this.timestampsPerFrame,
      });
      slot = { payload: this.payload, marker: frame === 0, timestamp: this.eventTimestamp };
    } else if (frame < toneFrames + END_PACKETS - 1) {
      // §2.5.1.4: retransmit the final packet, identical (E bit, final duration).
      slot = { payload: this.payload, marker: false, timestamp: this.eventTimestamp };
    }
    if (frame === toneFrames + END_PACKETS - 1 + gapFrames - 1) this.advance(job);
    return slot;
  }

  private advance(job: Job): void {
    this.frame = 0;
    this.digit++;
    if (this.digit < job.events.length) return;
    this.digit = 0;
    this.queue.shift();
    job.resolve();
  }

  /** Drops everything queued, failing each caller's promise with `reason`. */
  cancel(reason: string): void {
    const jobs = this.queue.splice(0);
    this.digit = 0;
    this.frame = 0;
    for (const job of jobs) job.reject(new Error(reason));
  }
}
