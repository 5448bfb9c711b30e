// RTP and RTCP in a capture, as Wireshark's "RTP Streams" counts them: every UDP datagram that is
// not SIP and parses as RTP version 2 (RFC 3550 §5.1) feeds one stream per source address, port,
// destination and SSRC. Per stream only counters are kept (the engine's own sequence tracker and
// A.8 jitter estimator, as live test calls use), so memory grows with streams, not packets.
// Which streams belong to which call is decided later, from the SDP (shared/media/call-media.ts).
import type { RtcpFigures, RtpEndpoint, RtpStreamRecord } from '../../../shared/media/rtp-stream';
import { JitterEstimator } from '../../engine/rtp/jitter-estimator';
import { parseRtcp, type ReportBlock } from '../../engine/rtp/rtcp-packet';
import { looksLikeRtcp, parseRtpPacket } from '../../engine/rtp/rtp-packet';
import { SequenceTracker } from '../../engine/rtp/sequence-tracker';
import { destinationEndpoint, sourceEndpoint } from './endpoint';
import type { IpDatagram } from './ip-datagram';
import {
  CLOCK_SAMPLE_PACKETS,
  inferClock,
  isDynamicPayloadType,
  staticClock,
  type ClockSample,
} from './rtp-clock';

/** Beyond this many streams new ones are dropped (counted): a capture of random UDP stays bounded. */
const MAX_STREAMS = 4000;
/** RTCP report blocks remembered (by reporter and SSRC) until the streams they describe are known. */
const MAX_RTCP_KEYS = 8000;
/** Below this port sit DNS, NTP, syslog…: their payloads can pass for RTP by chance. */
const LOWEST_MEDIA_PORT = 1024;
/** Packets a stream needs before it counts as RTP without SDP naming its port. */
const PLAUSIBLE_PACKETS = 5;

interface HeldPacket extends ClockSample {
  readonly payloadType: number;
  readonly marker: boolean;
}

class StreamState {
  readonly seq = new SequenceTracker();
  jitter: JitterEstimator;
  clock: number;
  readonly payloadTypes: number[] = [];
  packets = 0;
  maxJitterMs = 0;
  sumJitterMs = 0;
  maxDeltaMs = 0;
  lastMicros: number;
  /**
   * A dynamic payload type's first packets, held until its clock is read from them (rtp-clock.ts)
   * and then counted in order, so every jitter figure is in the stream's own clock.
   */
  private held: HeldPacket[] | undefined;

  constructor(
    // Formatted once per stream; the datagram itself is not kept (a live capture's chunks must go).
    readonly src: RtpEndpoint,
    readonly dst: RtpEndpoint,
    readonly ssrc: number,
    payloadType: number,
    readonly firstMicros: number,
  ) {
    this.clock = staticClock(payloadType);
    this.jitter = new JitterEstimator(this.clock);
    this.lastMicros = firstMicros;
    if (isDynamicPayloadType(payloadType)) this.held = [];
  }

  add(payloadType: number, sequence: number, timestamp: number, micros: number, marker: boolean): void {
    if (this.held) {
      this.held.push({ payloadType, sequence, timestamp, micros, marker });
      if (this.held.length >= CLOCK_SAMPLE_PACKETS) this.settle();
      return;
    }
    this.count(payloadType, sequence, timestamp, micros, marker);
  }

  /** Packets seen, counted or still held. */
  get seen(): number {
    return this.packets + (this.held?.length ?? 0);
  }

  /**
   * The stream as counted so far. A stream still held is counted on a copy, so that a live
   * capture's status does not fix its clock before enough packets have come.
   */
  view(): StreamState {
    if (!this.held) return this;
    const copy = new StreamState(
      this.src,
      this.dst,
      this.ssrc,
      this.held[0]?.payloadType ?? 96,
      this.firstMicros,
    );
    for (const p of this.held) copy.add(p.payloadType, p.sequence, p.timestamp, p.micros, p.marker);
    copy.settle();
    return copy;
  }

  /** Decides a held stream's clock from what it has, and counts the packets held. */
  private settle(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.clock = inferClock(held);
    this.jitter = new JitterEstimator(this.clock);
    for (const p of held) this.count(p.payloadType, p.sequence, p.timestamp, p.micros, p.marker);
  }

  private count(
    payloadType: number,
    sequence: number,
    timestamp: number,
    micros: number,
    marker: boolean,
  ): void {
    // A marker bit starts a talkspurt (RFC 3551 §4.1): the silence before it is no delay, as
    // Wireshark leaves it out of "Max Delta" too.
    if (this.packets > 0 && !marker) {
      this.maxDeltaMs = Math.max(this.maxDeltaMs, (micros - this.lastMicros) / 1000);
    }
    this.packets++;
    this.lastMicros = micros;
    if (!this.payloadTypes.includes(payloadType) && this.payloadTypes.length < 16)
      this.payloadTypes.push(payloadType);
    const outcome = this.seq.update(sequence);
    // Duplicates say nothing new about transit time; everything else feeds A.8.
    if (outcome !== 'duplicate') this.jitter.update((micros - this.firstMicros) / 1000, timestamp);
    const j = this.jitter.jitterMs;
    this.sumJitterMs += j;
    if (j > this.maxJitterMs) this.maxJitterMs = j;
  }
}

interface RtcpSeen {
  reports: number;
  block: ReportBlock;
}

export class RtpCollector {
  private readonly streams = new Map<string, StreamState>();
  /** Latest report block per reporter address and SSRC reported on. */
  private readonly blocks = new Map<string, RtcpSeen>();
  /** Packets each SSRC says it sent (latest SR). */
  private readonly senderPackets = new Map<number, number>();
  /** Streams not kept because MAX_STREAMS was reached. */
  dropped = 0;

  /** A UDP payload `d.bytes[at, end)` that is not SIP. */
  datagram(d: IpDatagram, srcPort: number, dstPort: number, at: number, end: number, micros: number): void {
    if (srcPort < LOWEST_MEDIA_PORT || dstPort < LOWEST_MEDIA_PORT) return;
    const payload = d.bytes.subarray(at, end);
    if (looksLikeRtcp(payload)) return this.rtcp(d, payload);
    const rtp = parseRtpPacket(payload);
    if (typeof rtp === 'string') return;
    const key = flowKey(d, srcPort, dstPort, rtp.ssrc);
    let stream = this.streams.get(key);
    if (!stream) {
      if (this.streams.size >= MAX_STREAMS && !this.evictStrays()) {
        this.dropped++;
        return;
      }
      stream = new StreamState(
        sourceEndpoint(d, srcPort),
        destinationEndpoint(d, dstPort),
        rtp.ssrc,
        rtp.payloadType,
        micros,
      );
      this.streams.set(key, stream);
    }
    stream.add(rtp.payloadType, rtp.sequence, rtp.timestamp, micros, rtp.marker);
  }

  /** Every stream of two packets or more (one packet is noise that happened to start with 0x80). */
  records(): RtpStreamRecord[] {
    const out: RtpStreamRecord[] = [];
    for (const stream of this.streams.values()) {
      const s = stream.view();
      if (s.packets < 2) continue;
      const rtcp = this.rtcpFigures(s, s.dst.address);
      const seq = s.seq;
      out.push({
        src: s.src,
        dst: s.dst,
        ssrc: s.ssrc,
        payloadTypes: [...s.payloadTypes],
        packets: s.packets,
        expected: seq.expected,
        lost: seq.lost,
        duplicates: seq.duplicates,
        outOfOrder: seq.late,
        jitterMs: round3(s.jitter.jitterMs),
        maxJitterMs: round3(s.maxJitterMs),
        meanJitterMs: round3(s.sumJitterMs / s.packets),
        maxDeltaMs: round3(s.maxDeltaMs),
        firstMicros: s.firstMicros,
        lastMicros: s.lastMicros,
        plausible: plausible(s),
        ...(rtcp ? { rtcp } : {}),
      });
    }
    return out.sort((a, b) => a.firstMicros - b.firstMicros);
  }

  private rtcp(d: IpDatagram, payload: Uint8Array): void {
    const reporter = sourceEndpoint(d, 0).address;
    for (const report of parseRtcp(payload)) {
      if (report.sender && this.senderPackets.size < MAX_RTCP_KEYS)
        this.senderPackets.set(report.ssrc, report.sender.packets);
      for (const block of report.blocks) {
        const key = `${reporter}\n${block.ssrc}`;
        const seen = this.blocks.get(key);
        if (seen) {
          seen.reports++;
          seen.block = block;
        } else if (this.blocks.size < MAX_RTCP_KEYS) this.blocks.set(key, { reports: 1, block });
      }
    }
  }

  /** RFC 3550 §6.4.1: the receiver reports on the SSRC it receives; the receiver is the stream's destination. */
  private rtcpFigures(s: StreamState, receiver: string): RtcpFigures | undefined {
    const seen = this.blocks.get(`${receiver}\n${s.ssrc}`);
    const sent = this.senderPackets.get(s.ssrc);
    if (!seen)
      return sent === undefined
        ? undefined
        : { reports: 0, fractionLost: 0, cumulativeLost: 0, jitterMs: 0, senderPackets: sent };
    return {
      reports: seen.reports,
      fractionLost: seen.block.fractionLost,
      cumulativeLost: seen.block.cumulativeLost,
      jitterMs: round3((seen.block.jitter * 1000) / s.clock),
      ...(sent !== undefined ? { senderPackets: sent } : {}),
    };
  }

  /** Frees room by forgetting one-packet streams; false when none could go. */
  private evictStrays(): boolean {
    const before = this.streams.size;
    for (const [key, s] of this.streams) if (s.seen < 2) this.streams.delete(key);
    return this.streams.size < before;
  }
}

/** Source and destination address bytes, ports and SSRC: no address formatting per packet. */
function flowKey(d: IpDatagram, srcPort: number, dstPort: number, ssrc: number): string {
  const len = d.family === 4 ? 4 : 16;
  const a = d.addressBytes;
  return `${a.toString('latin1', d.srcAt, d.srcAt + len)}${a.toString('latin1', d.dstAt, d.dstAt + len)}${srcPort}:${dstPort}:${ssrc}`;
}

/**
 * Without SDP naming its port, a stream counts as RTP when it looks like one (what Wireshark's
 * RTP heuristic checks): enough packets, an even port on one side (RFC 3550 §11), sequence numbers
 * that mostly follow each other, and no restart.
 */
function plausible(s: StreamState): boolean {
  const seq = s.seq;
  return (
    s.packets >= PLAUSIBLE_PACKETS &&
    (s.src.port % 2 === 0 || s.dst.port % 2 === 0) &&
    seq.restarts === 0 &&
    seq.expected <= 2 * s.packets &&
    // Packets the tracker set aside as jumps (A.1 "very large jump") are not in `unique`.
    seq.unique >= 0.8 * s.packets &&
    seq.duplicates + seq.late <= s.packets / 4
  );
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
