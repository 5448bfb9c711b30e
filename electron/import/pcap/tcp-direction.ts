// One direction of one TCP connection (RFC 793 §3.3): bytes are put back in sequence-number
// order, retransmitted bytes are dropped, segments that arrive early wait for the missing ones,
// and the in-order bytes go to the SIP framer. Sequence numbers compare modulo 2^32.
import type { ImportedEndpoint } from '../imported-message';
import type { PortRoles } from './port-roles';
import { SKIP, tlsReason } from './skip-reasons';
import { checkStartLine, findStartLine, isTlsRecord, skipLineBreaks } from './sip-start';
import { SipStreamFramer, type Emit, type FramedMessage } from './sip-stream-framer';
import { classifyKeepAlive } from '../../../shared/sip/keep-alive';
import { startsWithSipFrame, webSocketHandshake, WebSocketStream } from './websocket-frames';

export interface TcpSink {
  message(direction: TcpDirection, message: FramedMessage): void;
  skip(reason: string): void;
}

interface HeldSegment {
  readonly seq: number;
  readonly data: Buffer;
  readonly packet: number;
  readonly tsMicros: number | undefined;
}

// Early segments held while waiting for a missing one. Past this the missing bytes are taken as
// lost (not captured) and the stream continues after the hole.
const MAX_HELD_BYTES = 4 * 1024 * 1024;

/** Signed distance a - b between two sequence numbers (RFC 793 §3.3 modulo arithmetic). */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

type StreamState = 'new' | 'sip' | 'websocket' | 'not-sip' | 'tls';
type Classification =
  'sip' | 'sip-after-junk' | 'websocket-handshake' | 'websocket' | 'keep-alive' | 'tls' | 'not-sip';

export class TcpDirection {
  private isn: number | undefined;
  private nextSeq: number | undefined;
  private state: StreamState = 'new';
  private framer: SipStreamFramer | undefined;
  private websocket: WebSocketStream | undefined;
  private held: HeldSegment[] = [];
  private heldBytes = 0;
  /** The next byte's place in the stream is not known (no SYN seen, or after a gap). */
  private unknownPosition = true;
  gaps = 0;
  missingBytes = 0;
  private discardedEarlier = 0;
  private readonly tlsSkip: string;
  private readonly emit: Emit;

  constructor(
    readonly src: ImportedEndpoint,
    readonly dst: ImportedEndpoint,
    private readonly roles: PortRoles,
    private readonly sink: TcpSink,
  ) {
    this.tlsSkip = tlsReason(roles.tlsPort ?? 0);
    this.emit = (message) => sink.message(this, message);
  }

  /** Bytes of this direction that belonged to no SIP message. */
  discardedBytes(): number {
    return this.discardedEarlier + (this.framer?.discardedBytes ?? 0) + (this.websocket?.discardedBytes ?? 0);
  }

  segment(seq: number, syn: boolean, data: Buffer, packet: number, tsMicros: number | undefined): void {
    const sink = this.sink;
    let dataSeq = seq;
    if (syn) {
      if (this.isn !== seq && (this.isn !== undefined || this.nextSeq !== undefined)) {
        // A new connection on the same addresses and ports: close the old one first.
        this.finish();
        this.reset();
      }
      if (this.isn !== seq) {
        this.isn = seq;
        this.nextSeq = (seq + 1) >>> 0;
        this.unknownPosition = false;
      }
      // The SYN takes one sequence number; data on it (TCP Fast Open) follows.
      dataSeq = (seq + 1) >>> 0;
    }
    if (data.length === 0) return sink.skip(SKIP.noData);
    if (this.state === 'not-sip') return sink.skip(SKIP.tcpNotSip);
    if (this.state === 'tls') return sink.skip(this.tlsSkip);
    if (this.nextSeq === undefined) {
      // Joined mid-connection: start at the first segment that could be SIP.
      if (this.classify(data) === 'not-sip') return sink.skip(SKIP.tcpNotSip);
      this.nextSeq = dataSeq;
    }
    const diff = seqDiff(dataSeq, this.nextSeq);
    if (diff > 0) {
      this.hold({ seq: dataSeq, data, packet, tsMicros });
      if (this.heldBytes > MAX_HELD_BYTES) this.jumpGap();
      return;
    }
    if (-diff >= data.length) return sink.skip(SKIP.retransmission);
    this.deliver(data.subarray(-diff), packet, tsMicros);
    this.nextSeq = (dataSeq + data.length) >>> 0;
    this.drain(packet, tsMicros);
  }

  /** End of the capture: deliver what is held past any holes, then flush the framer. */
  finish(): void {
    while (this.held.length > 0) this.jumpGap();
    this.framer?.finish(this.emit);
  }

  private reset(): void {
    this.discardedEarlier += (this.framer?.discardedBytes ?? 0) + (this.websocket?.discardedBytes ?? 0);
    this.websocket = undefined;
    this.isn = undefined;
    this.nextSeq = undefined;
    this.state = 'new';
    this.framer = undefined;
    this.held = [];
    this.heldBytes = 0;
    this.unknownPosition = true;
  }

  private hold(segment: HeldSegment): void {
    const sink = this.sink;
    const same = this.held.find((h) => h.seq === segment.seq);
    if (same && same.data.length >= segment.data.length) return sink.skip(SKIP.retransmission);
    if (same) {
      this.held.splice(this.held.indexOf(same), 1);
      this.heldBytes -= same.data.length;
      sink.skip(SKIP.retransmission);
    }
    this.held.push(segment);
    this.heldBytes += segment.data.length;
  }

  /**
   * Delivers held segments that the stream has now reached. Their bytes count as arriving with
   * the packet that let them through (`packet`), or their own when that is later: a message is
   * complete only once its last missing piece is in.
   */
  private drain(packet: number, tsMicros: number | undefined): void {
    const sink = this.sink;
    let latestPacket = packet;
    let latestTs = tsMicros;
    for (;;) {
      const next = this.nextSeq;
      if (next === undefined) return;
      const index = this.held.findIndex((h) => seqDiff(h.seq, next) <= 0);
      if (index < 0) return;
      const [segment] = this.held.splice(index, 1);
      if (!segment) return;
      this.heldBytes -= segment.data.length;
      const overlap = -seqDiff(segment.seq, next);
      if (overlap >= segment.data.length) {
        sink.skip(SKIP.retransmission);
        continue;
      }
      if (segment.packet > latestPacket) {
        latestPacket = segment.packet;
        latestTs = segment.tsMicros;
      }
      this.deliver(segment.data.subarray(overlap), latestPacket, latestTs);
      this.nextSeq = (segment.seq + segment.data.length) >>> 0;
    }
  }

  /** Gives up on the bytes before the earliest held segment: they are not in the capture. */
  private jumpGap(): void {
    const next = this.nextSeq;
    if (next === undefined) return;
    let earliest: HeldSegment | undefined;
    for (const h of this.held) if (!earliest || seqDiff(h.seq, earliest.seq) < 0) earliest = h;
    if (!earliest) return;
    this.gaps++;
    this.missingBytes += seqDiff(earliest.seq, next);
    this.framer?.gap(this.emit);
    this.websocket?.gap();
    this.unknownPosition = true;
    this.nextSeq = earliest.seq;
    this.drain(earliest.packet, earliest.tsMicros);
  }

  private deliver(data: Buffer, packet: number, tsMicros: number | undefined): void {
    const sink = this.sink;
    if (this.state === 'new') {
      const kind = this.classify(data);
      if (kind === 'keep-alive') return this.keepAlive(data, packet, tsMicros);
      if (kind === 'not-sip' || kind === 'tls') {
        this.state = kind;
        return sink.skip(kind === 'tls' ? this.tlsSkip : SKIP.tcpNotSip);
      }
      if (kind === 'websocket-handshake' || kind === 'websocket') {
        this.state = 'websocket';
        this.websocket = new WebSocketStream(kind === 'websocket-handshake');
      } else {
        this.state = 'sip';
        this.framer = new SipStreamFramer(this.unknownPosition || kind === 'sip-after-junk');
      }
    }
    if (this.state === 'websocket' && this.websocket)
      return this.deliverWebSocket(this.websocket, data, packet, tsMicros);
    if (this.state !== 'sip' || !this.framer) {
      return sink.skip(this.state === 'tls' ? this.tlsSkip : SKIP.tcpNotSip);
    }
    const outcome = this.framer.push(data, packet, tsMicros, this.emit);
    if (outcome === 'keep-alive') this.keepAlive(data, packet, tsMicros);
    else if (outcome === 'discarded') sink.skip(SKIP.tcpDataNotSip);
  }

  /**
   * CRLFs between messages (RFC 5626 §4.4.1 ping and pong): kept as a keep-alive, not SIP. A
   * segment of hundreds of blank lines is padding (RFC 3261 §7.5), only counted.
   */
  private keepAlive(data: Buffer, packet: number, tsMicros: number | undefined): void {
    if (classifyKeepAlive(data) === undefined) return this.sink.skip(SKIP.crlfKeepAlive);
    this.emit({ text: data.toString('latin1'), packet, tsMicros, truncated: false });
  }

  /** Each WebSocket message is one SIP message (RFC 7118 §5); the rest is counted. */
  private deliverWebSocket(
    ws: WebSocketStream,
    data: Buffer,
    packet: number,
    tsMicros: number | undefined,
  ): void {
    let notSip = 0;
    const outcome = ws.push(data, (payload) => {
      const at = skipLineBreaks(payload, 0, payload.length);
      if (at === payload.length || checkStartLine(payload, at, payload.length) !== 'sip') {
        notSip++;
        return;
      }
      this.emit({ text: payload.toString('latin1', at), packet, tsMicros, truncated: false });
    });
    if (notSip > 0) this.sink.skip(SKIP.webSocketNotSip);
    else if (outcome === 'handshake') this.sink.skip(SKIP.webSocketHandshake);
    else if (outcome === 'broken') this.sink.skip(SKIP.tcpDataNotSip);
  }

  /** What the first bytes of a direction say about it. */
  private classify(data: Buffer): Classification {
    const at = skipLineBreaks(data, 0, data.length);
    if (at === data.length) return 'keep-alive';
    if (checkStartLine(data, at, data.length) !== 'not-sip') return 'sip';
    // SIP over WebSocket (RFC 7118) on any port: the HTTP Upgrade, or frames of SIP when the
    // capture began after it.
    if (webSocketHandshake(data)) return 'websocket-handshake';
    if (startsWithSipFrame(data)) return 'websocket';
    if (this.roles.tlsPort !== undefined && isTlsRecord(data, at, data.length)) return 'tls';
    if (this.roles.sip || findStartLine(data) >= 0) return 'sip-after-junk';
    return 'not-sip';
  }
}
