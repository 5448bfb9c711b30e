// RFC 4733 telephone-event payloads for DTMF: the digit ↔ event code table (§3.2) and the
// 4-byte event payload (§2.3):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |     event     |E|R| volume    |          duration             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/** RFC 4733 §3.2, table 1: events 0–9 are the digits, then * # A B C D. */
const DIGITS = '0123456789*#ABCD';

export const DTMF_PAYLOAD_BYTES = 4;

export interface TelephoneEvent {
  readonly event: number;
  readonly end: boolean;
  /** Power level, 0 to -63 dBm0, given as a positive number (§2.3.4). */
  readonly volume: number;
  /** In RTP timestamp units since the event's timestamp (§2.3.5). */
  readonly duration: number;
}

/** The event code of a digit (case-insensitive), or undefined for anything else. */
export function eventOfDigit(digit: string): number | undefined {
  const index = DIGITS.indexOf(digit.toUpperCase());
  return digit.length === 1 && index >= 0 ? index : undefined;
}

export function digitOfEvent(event: number): string | undefined {
  return event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

/** Throws a clear error naming the first character that is not a DTMF digit. */
export function checkDigits(digits: string): void {
  for (const ch of digits) {
    if (eventOfDigit(ch) === undefined) {
      throw new Error(`"${ch}" is not a DTMF digit (use 0-9, *, #, A-D)`);
    }
  }
}

export function writeTelephoneEvent(out: Uint8Array, event: TelephoneEvent): void {
  out[0] = event.event & 0xff;
  // §2.3.3: the R bit "MUST be set to zero by the sender".
  out[1] = (event.end ? 0x80 : 0) | (event.volume & 0x3f);
  out[2] = (event.duration >>> 8) & 0xff;
  out[3] = event.duration & 0xff;
}

export function readTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < DTMF_PAYLOAD_BYTES) return undefined;
  const b1 = payload[1] as number;
  return {
    event: payload[0] as number,
    end: (b1 & 0x80) !== 0,
    volume: b1 & 0x3f,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  };
}
