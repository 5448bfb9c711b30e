// The RTP timestamp clock of a stream in a capture, which jitter is measured in (RFC 3550 §6.4.1).
// Static payload types have theirs in RFC 3551 §6 (tables 4 and 5). Dynamic ones (96–127) are
// named only by the SDP's rtpmap, which a capture may not hold and which is read after the streams
// are counted: instead the rate is read from the stream itself, RTP timestamp ticks per second of
// arrival over its first packets, and taken when it lies near a rate codecs use (opus and most
// wideband codecs at 48 kHz would otherwise show six times their jitter).

// RFC 3551 §6 table 4 (audio) and table 5 (video); every other static audio type is 8 kHz.
const STATIC_CLOCKS: ReadonlyMap<number, number> = new Map([
  [6, 16000],
  [10, 44100],
  [11, 44100],
  [16, 11025],
  [17, 22050],
  [14, 90000],
  [25, 90000],
  [26, 90000],
  [28, 90000],
  [31, 90000],
  [32, 90000],
  [33, 90000],
  [34, 90000],
]);
/** The rate of telephone-event, G.711 and most voice codecs; taken when nothing better is known. */
export const DEFAULT_CLOCK = 8000;
/** Rates dynamic payload types are registered with (RFC 7587 opus, RFC 5391 G.711.1, AMR-WB, L16…). */
const DYNAMIC_RATES = [8000, 12000, 16000, 24000, 32000, 44100, 48000, 90000] as const;
/** How far the measured rate may stray from a known one: arrival jitter over a few packets. */
const RATE_TOLERANCE = 0.12;
/** Packets a dynamic stream's rate is read from. */
export const CLOCK_SAMPLE_PACKETS = 8;

export function isDynamicPayloadType(payloadType: number): boolean {
  return payloadType >= 96 && payloadType <= 127;
}

/** The clock of a static payload type (RFC 3551 §6). */
export function staticClock(payloadType: number): number {
  return STATIC_CLOCKS.get(payloadType) ?? DEFAULT_CLOCK;
}

export interface ClockSample {
  readonly sequence: number;
  readonly timestamp: number;
  readonly micros: number;
}

/**
 * The rate a stream's timestamps advance at, from packets in arrival order: only consecutive
 * sequence numbers are compared (a lost or reordered packet says nothing about the pace), and a
 * stream that gives no usable pair, or a rate near none a codec uses, is read at 8 kHz.
 */
export function inferClock(samples: readonly ClockSample[]): number {
  let ticks = 0;
  let micros = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (((b.sequence - a.sequence) & 0xffff) !== 1) continue;
    const dt = b.micros - a.micros;
    const dts = (b.timestamp - a.timestamp) | 0;
    if (dt <= 0 || dts <= 0) continue;
    ticks += dts;
    micros += dt;
  }
  if (micros === 0) return DEFAULT_CLOCK;
  const measured = (ticks * 1_000_000) / micros;
  let best: number = DEFAULT_CLOCK;
  let bestError = Infinity;
  for (const rate of DYNAMIC_RATES) {
    const error = Math.abs(measured - rate) / rate;
    if (error < bestError) {
      best = rate;
      bestError = error;
    }
  }
  return bestError <= RATE_TOLERANCE ? best : DEFAULT_CLOCK;
}
