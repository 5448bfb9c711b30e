// Reads received RFC 4733 telephone-event packets back into digits. All packets of one event
// share its timestamp (§2.5.1.2) and the end packet comes three times (§2.5.1.4), so events are
// keyed by SSRC and timestamp: the first packet seen makes the digit, later ones only update it.
import { digitOfEvent, readTelephoneEvent } from './dtmf';

export interface ReceivedDigit {
  readonly digit: string;
  readonly event: number;
  readonly ssrc: number;
  readonly timestamp: number;
  /** Monotonic clock time of the first packet of the event. */
  readonly atMs: number;
  /** Wall-clock microseconds of the first packet. */
  readonly atMicros: number;
  /** The longest duration reported, in milliseconds. */
  readonly durationMs: number;
  /** Whether an end packet arrived. */
  readonly ended: boolean;
  readonly volume: number;
}

/** How many recent event timestamps per SSRC to remember for de-duplication. */
const RECENT = 16;

interface Tracked {
  digit: ReceivedDigit;
}

export class DtmfDetector {
  private readonly found: Tracked[] = [];
  private readonly recent = new Map<number, Map<number, Tracked>>();

  constructor(private readonly clockRate = 8000) {}

  /** Feeds one telephone-event packet; returns the digit when it starts a new event. */
  handle(
    packet: { readonly ssrc: number; readonly timestamp: number; readonly payload: Uint8Array },
    atMs: number,
    atMicros: number,
  ): ReceivedDigit | undefined {
    const event = readTelephoneEvent(packet.payload);
    if (!event) return undefined;
    const digit = digitOfEvent(event.event);
    if (digit === undefined) return undefined;
    const durationMs = (event.duration * 1000) / this.clockRate;

    let bySsrc = this.recent.get(packet.ssrc);
    if (!bySsrc) {
      bySsrc = new Map();
      this.recent.set(packet.ssrc, bySsrc);
    }
    const known = bySsrc.get(packet.timestamp);
    if (known) {
      known.digit = {
        ...known.digit,
        durationMs: Math.max(known.digit.durationMs, durationMs),
        ended: known.digit.ended || event.end,
      };
      return undefined;
    }
    const tracked: Tracked = {
      digit: {
        digit,
        event: event.event,
        ssrc: packet.ssrc,
        timestamp: packet.timestamp,
        atMs,
        atMicros,
        durationMs,
        ended: event.end,
        volume: event.volume,
      },
    };
    bySsrc.set(packet.timestamp, tracked);
    if (bySsrc.size > RECENT) {
      const oldest = bySsrc.keys().next().value;
      if (oldest !== undefined) bySsrc.delete(oldest);
    }
    this.found.push(tracked);
    return tracked.digit;
  }

  events(): readonly ReceivedDigit[] {
    return this.found.map((t) => t.digit);
  }

  /** The digits in the order they started, e.g. "159#". */
  digits(): string {
    return this.found.map((t) => t.digit.digit).join('');
  }
}
