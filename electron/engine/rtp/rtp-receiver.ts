// The receive half of a session: parses datagrams and keeps per-SSRC statistics (RFC 3550
// §6.4.1, Appendix A). Pure — it is fed datagrams and reads the injected clock — so tests can
// drive it with crafted packets and a manual clock.
import type { Clock } from '../clock';
import type { Endpoint } from '../sdp/sdp-types';
import { JitterEstimator } from './jitter-estimator';
import { looksLikeRtcp, parseRtpPacket, type RtpPacket } from './rtp-packet';
import type { ReceivedStats, SourceStats } from './rtp-stats';
import { SequenceTracker } from './sequence-tracker';

/** Enough for a call (ours, theirs, a re-INVITE's new SSRC); beyond it, garbage is not tracked. */
const MAX_SOURCES = 32;

interface SourceState {
  readonly ssrc: number;
  readonly from: Endpoint;
  lastFrom: Endpoint;
  packets: number;
  octets: number;
  dtmfPackets: number;
  readonly firstPacketAtMs: number;
  lastPacketAtMs: number;
  readonly sequence: SequenceTracker;
  readonly jitter: JitterEstimator;
  readonly payloadTypes: Set<number>;
}

export interface ReceiverSettings {
  /** Our own SSRC, to recognise our packets coming back from an echo. */
  ownSsrc?: number;
  /** Telephone-event packets keep the event's start timestamp, so they stay out of jitter. */
  dtmfPayloadType?: number;
  /** The monotonic time of start(), for first-packet latency. */
  startedAtMs?: number;
}

export class RtpReceiver {
  readonly settings: ReceiverSettings = {};
  private readonly sources = new Map<number, SourceState>();
  private packets = 0;
  private rtcp = 0;
  private invalid = 0;
  private untracked = 0;

  constructor(
    private readonly clock: Clock,
    private readonly clockRate = 8000,
  ) {}

  /** Accounts one datagram; returns the RTP packet it held, if it was one. */
  handle(datagram: Uint8Array, from: Endpoint): RtpPacket | undefined {
    if (looksLikeRtcp(datagram)) {
      this.rtcp++;
      return undefined;
    }
    const packet = parseRtpPacket(datagram);
    if (typeof packet === 'string') {
      this.invalid++;
      return undefined;
    }
    const now = this.clock.nowMs();
    const source = this.sourceFor(packet.ssrc, from, now);
    if (!source) {
      this.untracked++;
      return packet;
    }
    this.packets++;
    source.packets++;
    source.octets += packet.payload.length;
    source.lastPacketAtMs = now;
    if (source.lastFrom.address !== from.address || source.lastFrom.port !== from.port)
      source.lastFrom = from;
    source.payloadTypes.add(packet.payloadType);

    const outcome = source.sequence.update(packet.sequence);
    const isDtmf = packet.payloadType === this.settings.dtmfPayloadType;
    if (isDtmf) source.dtmfPackets++;
    // A.8 runs over every packet; telephone-event timestamps stand still for a whole event
    // (RFC 4733 §2.5.1.2), which would read as jitter, and duplicates say nothing new.
    else if (outcome !== 'duplicate' && outcome !== 'jump') source.jitter.update(now, packet.timestamp);
    return packet;
  }

  private sourceFor(ssrc: number, from: Endpoint, now: number): SourceState | undefined {
    const known = this.sources.get(ssrc);
    if (known) return known;
    if (this.sources.size >= MAX_SOURCES) return undefined;
    const state: SourceState = {
      ssrc,
      from,
      lastFrom: from,
      packets: 0,
      octets: 0,
      dtmfPackets: 0,
      firstPacketAtMs: now,
      lastPacketAtMs: now,
      sequence: new SequenceTracker(),
      jitter: new JitterEstimator(this.clockRate),
      payloadTypes: new Set(),
    };
    this.sources.set(ssrc, state);
    return state;
  }

  snapshot(): ReceivedStats {
    return {
      packets: this.packets,
      sources: [...this.sources.values()].map((s) => this.sourceStats(s)),
      rtcp: this.rtcp,
      invalid: this.invalid + this.untracked,
      echoed: 0,
    };
  }

  private sourceStats(s: SourceState): SourceStats {
    const { sequence, jitter } = s;
    const started = this.settings.startedAtMs;
    return {
      ssrc: s.ssrc,
      from: s.from,
      lastFrom: s.lastFrom,
      packets: s.packets,
      octets: s.octets,
      firstPacketAtMs: s.firstPacketAtMs,
      ...(started !== undefined && s.firstPacketAtMs >= started
        ? { firstPacketLatencyMs: s.firstPacketAtMs - started }
        : {}),
      lastPacketAtMs: s.lastPacketAtMs,
      baseSeq: sequence.base,
      highestSeq: sequence.highestExtended,
      seqWraps: sequence.wraps,
      expected: sequence.expected,
      lost: sequence.lost,
      fractionLost: sequence.expected > 0 ? sequence.lost / sequence.expected : 0,
      jitter: jitter.jitter,
      jitterMs: jitter.jitterMs,
      outOfOrder: sequence.late,
      duplicates: sequence.duplicates,
      restarts: sequence.restarts,
      payloadTypes: [...s.payloadTypes].sort((a, b) => a - b),
      dtmfPackets: s.dtmfPackets,
      ownStream: this.settings.ownSsrc === s.ssrc,
    };
  }
}
