// One RTP stream seen in a capture (Wireshark's "RTP Streams" row): one synchronization source
// from one address to another, with the receive figures of RFC 3550 §6.4.1 / Appendix A as an
// observer on the path measures them, and what RTCP (§6.4) said about it when the capture held
// any. Counters only, never packets, so a long capture stays small.

export interface RtpEndpoint {
  readonly address: string;
  readonly port: number;
}

/** The latest RTCP report block (§6.4.1) anyone sent about this stream's SSRC. */
export interface RtcpFigures {
  /** SR/RR packets that carried a block about this SSRC. */
  readonly reports: number;
  /** 0–1, as the receiver last reported it. */
  readonly fractionLost: number;
  readonly cumulativeLost: number;
  /** The receiver's interarrival jitter, in milliseconds (timestamp units over the clock rate). */
  readonly jitterMs: number;
  /** Packets the sender says it sent (its latest SR), when it sent one. */
  readonly senderPackets?: number;
}

export interface RtpStreamRecord {
  readonly src: RtpEndpoint;
  readonly dst: RtpEndpoint;
  readonly ssrc: number;
  /** Every payload type seen, in order of first appearance (e.g. 8, 101 for PCMA with DTMF). */
  readonly payloadTypes: readonly number[];
  /** RTP packets, duplicates included. */
  readonly packets: number;
  /** A.3: extended highest sequence − base + 1. */
  readonly expected: number;
  /** A.3: expected − distinct packets received (never negative). */
  readonly lost: number;
  readonly duplicates: number;
  /** Packets that came after a higher-numbered one. */
  readonly outOfOrder: number;
  /** RFC 3550 §6.4.1 / A.8 interarrival jitter: the last, the largest and the mean, in ms. */
  readonly jitterMs: number;
  readonly maxJitterMs: number;
  readonly meanJitterMs: number;
  /** The longest gap between two packets, ms; a talkspurt's first packet (marker bit) is not a gap. */
  readonly maxDeltaMs: number;
  /** Capture times of the first and last packet (µs since the epoch). */
  readonly firstMicros: number;
  readonly lastMicros: number;
  /** Looks like RTP without SDP: enough packets, in sequence, an even port (RFC 3550 §11). */
  readonly plausible: boolean;
  readonly rtcp?: RtcpFigures;
}

export function ssrcText(ssrc: number): string {
  return `0x${ssrc.toString(16).toUpperCase().padStart(8, '0')}`;
}
