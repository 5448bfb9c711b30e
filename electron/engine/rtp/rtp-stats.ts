// Snapshot types of an RTP session: what we sent, what arrived from whom, and where.
import type { CodecName } from '../sdp/codecs';
import type { Endpoint } from '../sdp/sdp-types';
import type { ReceivedDigit } from './dtmf-detector';

export type SendMode = 'tone' | 'silence' | 'none';

/** Receive statistics of one synchronization source (RFC 3550 §6.4.1, Appendix A.1–A.8). */
export interface SourceStats {
  readonly ssrc: number;
  /** Where its first packet came from. */
  readonly from: Endpoint;
  /** Where its latest packet came from (differs when a NAT re-mapped the far side). */
  readonly lastFrom: Endpoint;
  /** Every RTP packet from this SSRC, duplicates included. */
  readonly packets: number;
  /** Payload octets. */
  readonly octets: number;
  readonly firstPacketAtMs: number;
  /** From start() to this source's first packet; absent when it came before start(). */
  readonly firstPacketLatencyMs?: number;
  readonly lastPacketAtMs: number;
  readonly baseSeq: number;
  /** Extended highest sequence number (cycles·65536 + seq). */
  readonly highestSeq: number;
  /** How many times its sequence number wrapped past 65535. */
  readonly seqWraps: number;
  readonly expected: number;
  readonly lost: number;
  /** lost / expected, 0–1. */
  readonly fractionLost: number;
  /** RFC 3550 §6.4.1 interarrival jitter, timestamp units. */
  readonly jitter: number;
  readonly jitterMs: number;
  /** Packets that came after a higher-numbered one. */
  readonly outOfOrder: number;
  readonly duplicates: number;
  /** Times the sequence jumped so far that the source was re-synced (A.1 restart). */
  readonly restarts: number;
  readonly payloadTypes: readonly number[];
  readonly dtmfPackets: number;
  /** Its SSRC is ours: the far side reflected our own packets (an echo test). */
  readonly ownStream: boolean;
}

export interface SentStats {
  readonly ssrc?: number;
  /** RTP packets handed to the socket (audio and DTMF). */
  readonly packets: number;
  readonly audioPackets: number;
  readonly dtmfPackets: number;
  /** Payload octets. */
  readonly octets: number;
  /** Sends the operating system refused (no route, permission…). */
  readonly sendErrors: number;
  readonly lastSendError?: string;
  /** Frame slots skipped after the event loop stalled, rather than sent in a burst. */
  readonly skippedFrames: number;
  readonly firstSeq?: number;
  readonly lastSeq?: number;
  readonly firstTimestamp?: number;
  readonly lastTimestamp?: number;
}

export interface ReceivedStats {
  /** Valid RTP packets from every source. */
  readonly packets: number;
  readonly sources: readonly SourceStats[];
  /** RTCP datagrams (RFC 5761 multiplexed), counted and otherwise ignored. */
  readonly rtcp: number;
  /** Datagrams that were neither RTP nor RTCP. */
  readonly invalid: number;
  /** Datagrams reflected back to their sender in echo mode. */
  readonly echoed: number;
}

/** A re-INVITE or UPDATE moved the far side's media (RFC 3264 §8.3.1): where, when, and the old path's counts. */
export interface MediaMove {
  /** Milliseconds after start(). */
  readonly atMs: number;
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** RTP packets sent to, and received on, the old path. */
  readonly sentBefore: number;
  readonly receivedBefore: number;
}

/** Counts of the path in use since the last move: what the verdict describes. */
export interface PathCounts {
  readonly sent: number;
  readonly received: number;
  readonly echoed: number;
}

/** RTCP (RFC 3550 §6.4) both ways: what the far side says about our stream. */
export interface RtcpStats {
  /** Reports we sent (SR or RR, each with its SDES). */
  readonly sent: number;
  /** SR/RR packets the far side sent us (on port + 1 or multiplexed). */
  readonly received: number;
  readonly from?: Endpoint;
  /** The far side's latest report block about our stream: it proves our packets arrive there. */
  readonly ourStreamAtFarEnd?: {
    readonly highestSeq: number;
    readonly cumulativeLost: number;
    readonly fractionLost: number;
    readonly jitter: number;
  };
  /** Packets the far side says it sent (its latest SR). */
  readonly farSentPackets?: number;
}

export interface RtpStats {
  readonly local: Endpoint;
  readonly echo: boolean;
  readonly started: boolean;
  readonly startedAtMs?: number;
  readonly mode?: SendMode;
  readonly codec?: CodecName;
  readonly payloadType?: number;
  readonly dtmfPayloadType?: number;
  /** Where the SDP said to send. */
  readonly remote?: Endpoint;
  /** Where packets actually go: the SDP address, or the latched one. */
  readonly sendingTo?: Endpoint;
  /** Whether we switched to the address the far side's RTP comes from (symmetric RTP). */
  readonly latched: boolean;
  /** Where the far side's RTP first came from (its own stream, not our echo). */
  readonly seenFrom?: Endpoint;
  /** seenFrom is not the address the SDP gave: a NAT or relay in between. */
  readonly sourceMismatch: boolean;
  readonly sent: SentStats;
  readonly received: ReceivedStats;
  /** Media moves, oldest first (empty when the path never changed). */
  readonly moves?: readonly MediaMove[];
  /** Counts since the last move; equal to the totals when there was none. */
  readonly path?: PathCounts;
  readonly rtcp?: RtcpStats;
  readonly digits: string;
  readonly digitEvents: readonly ReceivedDigit[];
}
