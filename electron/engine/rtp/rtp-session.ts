// One RTP endpoint of a test call: binds a UDP port, sends a tone (or silence, or nothing) to
// the negotiated address, counts what comes back per SSRC, detects DTMF, optionally echoes
// (inbound-call echo mode) and optionally latches onto the address the far side's RTP really
// comes from (symmetric RTP, RFC 4961 — what media relays do).
import type { Socket } from 'node:dgram';
import { systemClock, type Clock } from '../clock';
import { normalizeAddress } from '../../../shared/diagnostics/address-scope';
import type { CodecName } from '../sdp/codecs';
import { isHoldAddress } from '../sdp/direction';
import type { Endpoint } from '../sdp/sdp-types';
import { DtmfDetector, type ReceivedDigit } from './dtmf-detector';
import type { DigitTiming } from './dtmf-scheduler';
import { RtpReceiver } from './rtp-receiver';
import { RtpSender, type StreamIdentity } from './rtp-sender';
import { buildRtcpReport, parseRtcp } from './rtcp-packet';
import { looksLikeRtcp } from './rtp-packet';
import type { MediaMove, RtcpStats, RtpStats, SendMode } from './rtp-stats';
import { bindEvenPort, closeSocket } from './udp-bind';

export interface RtpOpenOptions {
  readonly bindAddress: string;
  /** A fixed port; 0 or absent picks an even one (see udp-bind.ts). */
  readonly port?: number;
  /** Even ports to choose from when no fixed port is given. */
  readonly portRange?: { readonly min: number; readonly max: number };
  readonly clock?: Clock;
  /** Reflect every received datagram back to its source. */
  readonly echo?: boolean;
  /** The telephone-event payload type to detect before start() says (e.g. echo-only sessions). */
  readonly dtmfPayloadType?: number;
  /** Called for each new DTMF digit received. */
  readonly onDigit?: (digit: ReceivedDigit) => void;
}

export interface RtpStartOptions {
  readonly remote: Endpoint;
  readonly payloadType: number;
  readonly codec: CodecName;
  readonly mode: SendMode;
  readonly ptimeMs?: number;
  readonly dtmfPayloadType?: number;
  /** Send to where the far side's RTP comes from once it arrives, not to the SDP address. */
  readonly latch?: boolean;
  readonly toneHz?: number;
  readonly levelDbm0?: number;
  /** Fixed SSRC/sequence/timestamp (tests); random otherwise, as RFC 3550 §5.1 asks. */
  readonly identity?: StreamIdentity;
}

export class RtpSession {
  readonly local: Endpoint;
  private readonly clock: Clock;
  private readonly receiver: RtpReceiver;
  private readonly detector = new DtmfDetector();
  private sender: RtpSender | undefined;
  private startOptions: RtpStartOptions | undefined;
  private timer: NodeJS.Timeout | undefined;
  private latchedTo: Endpoint | undefined;
  private seenFrom: Endpoint | undefined;
  /** Where the SDP says to send now: the start's address, or a later move's. */
  private remote: Endpoint | undefined;
  private readonly moves: MediaMove[] = [];
  /** Sent, received and echoed counts when the path last moved. */
  private pathBase = { sent: 0, echoed: 0 };
  /** RTP packets received on the current path (late ones from an old path's address left out). */
  private pathReceived = 0;
  private echoed = 0;
  private rtcpTimer: NodeJS.Timeout | undefined;
  private rtcp: { -readonly [K in keyof RtcpStats]: RtcpStats[K] } = { sent: 0, received: 0 };
  private sendErrors = 0;
  private lastSendError: string | undefined;
  private closed = false;
  private readonly onSent = (err: Error | null): void => {
    if (!err) return;
    this.sendErrors++;
    this.lastSendError = err.message;
  };

  private constructor(
    private readonly socket: Socket,
    private readonly opts: RtpOpenOptions,
    /** RFC 3550 §11: RTCP on the next (odd) port; absent when that port was taken. */
    private readonly rtcpSocket: Socket | undefined,
  ) {
    this.clock = opts.clock ?? systemClock;
    this.receiver = new RtpReceiver(this.clock);
    this.receiver.settings.dtmfPayloadType = opts.dtmfPayloadType;
    const address = socket.address();
    this.local = { address: address.address, port: address.port };
    socket.on('message', (msg, rinfo) => this.onDatagram(msg, { address: rinfo.address, port: rinfo.port }));
    // A UDP socket reports ICMP errors (port unreachable) here on some systems; they are not
    // fatal to a test call, only worth reporting.
    socket.on('error', (err) => {
      this.sendErrors++;
      this.lastSendError = err.message;
    });
    rtcpSocket?.on('message', (msg, rinfo) => this.onRtcp(msg, { address: rinfo.address, port: rinfo.port }));
    rtcpSocket?.on('error', () => undefined);
  }

  static async open(opts: RtpOpenOptions): Promise<RtpSession> {
    const socket = await bindEvenPort({ address: opts.bindAddress, port: opts.port, range: opts.portRange });
    let rtcp: Socket | undefined;
    try {
      rtcp = await bindEvenPort({ address: opts.bindAddress, port: socket.address().port + 1 });
    } catch {
      // The odd port is someone else's: RTCP then only arrives multiplexed on the RTP port.
    }
    return new RtpSession(socket, opts, rtcp);
  }

  /** Starts sending (mode 'none' sends nothing but DTMF). Call once. */
  start(opts: RtpStartOptions): void {
    if (this.closed) throw new Error('the RTP session is stopped');
    if (this.sender) throw new Error('the RTP session is already started');
    if (opts.mode !== 'none' && isHoldAddress(opts.remote.address)) {
      throw new Error(
        `cannot send RTP to ${opts.remote.address}: the far side is on hold (RFC 3264 §8.4); use mode 'none'`,
      );
    }
    const sender = new RtpSender({
      clock: this.clock,
      codec: opts.codec,
      payloadType: opts.payloadType,
      mode: opts.mode,
      ptimeMs: opts.ptimeMs,
      dtmfPayloadType: opts.dtmfPayloadType,
      toneHz: opts.toneHz,
      levelDbm0: opts.levelDbm0,
      identity: opts.identity,
      transmit: (packet, length) => this.transmit(packet, length),
    });
    this.sender = sender;
    this.startOptions = opts;
    this.remote = opts.remote;
    Object.assign(this.receiver.settings, {
      ownSsrc: sender.ssrc,
      dtmfPayloadType: opts.dtmfPayloadType ?? this.opts.dtmfPayloadType,
      startedAtMs: this.clock.nowMs(),
    });
    sender.start();
    // One interval per session at half the packet time: each tick sends whatever is due by the
    // clock, so packets leave at most half a frame late and the stream never drifts.
    this.timer = setInterval(() => sender.tick(), sender.frameMs / 2);
    // RFC 3550 §6.2: reports every 5 s at least apart; a test call lasts seconds, so the first goes
    // after 1 s (§6.2 lets the first come sooner) and one more at the end.
    this.rtcpTimer = setTimeout(() => {
      this.sendRtcp();
      this.rtcpTimer = setInterval(() => this.sendRtcp(), 5000);
    }, 1000);
  }

  /** Sends RFC 4733 DTMF on the running stream; resolves when the digits are out. */
  sendDigits(digits: string, timing?: DigitTiming): Promise<void> {
    if (!this.sender) return Promise.reject(new Error('start the RTP session before sending DTMF'));
    return this.sender.sendDigits(digits, timing);
  }

  /**
   * A re-INVITE or UPDATE moved the far side's media (RFC 3264 §8.3.1): the stream follows, and
   * the counts start again so the verdict describes the new path (the old one is kept as a move).
   */
  retarget(remote: Endpoint): void {
    const from = this.remote;
    if (!from || this.closed || sameEndpoint(from, remote)) return;
    const sent = this.sender?.stats().packets ?? 0;
    this.moves.push({
      atMs: this.clock.nowMs() - (this.sender?.startedAtMs ?? this.clock.nowMs()),
      from,
      to: remote,
      sentBefore: sent - this.pathBase.sent,
      receivedBefore: this.pathReceived,
    });
    this.pathBase = { sent, echoed: this.echoed };
    this.pathReceived = 0;
    this.remote = remote;
    // Latching and the first source seen belong to the old path.
    this.latchedTo = undefined;
    this.seenFrom = undefined;
  }

  /** The digits received so far, in order (end retransmissions counted once). */
  receivedDigits(): readonly ReceivedDigit[] {
    return this.detector.events();
  }

  stats(): RtpStats {
    const opts = this.startOptions;
    const received = this.receiver.snapshot();
    const sent = this.sender?.stats();
    const remote = this.remote;
    const sourceMismatch =
      remote !== undefined && this.seenFrom !== undefined && !sameEndpoint(remote, this.seenFrom);
    return {
      local: this.local,
      echo: this.opts.echo ?? false,
      started: this.sender !== undefined,
      ...(this.sender?.startedAtMs === undefined ? {} : { startedAtMs: this.sender.startedAtMs }),
      ...(opts
        ? {
            mode: opts.mode,
            codec: opts.codec,
            payloadType: opts.payloadType,
            dtmfPayloadType: opts.dtmfPayloadType,
            remote: this.remote ?? opts.remote,
            sendingTo: this.target(),
          }
        : {}),
      latched: this.latchedTo !== undefined,
      ...(this.seenFrom ? { seenFrom: this.seenFrom } : {}),
      sourceMismatch,
      sent: {
        ...(sent ?? { packets: 0, audioPackets: 0, dtmfPackets: 0, octets: 0, skippedFrames: 0 }),
        sendErrors: this.sendErrors,
        ...(this.lastSendError === undefined ? {} : { lastSendError: this.lastSendError }),
      },
      received: { ...received, echoed: this.echoed },
      moves: [...this.moves],
      rtcp: { ...this.rtcp },
      path: {
        sent: (sent?.packets ?? 0) - this.pathBase.sent,
        received: this.pathReceived,
        echoed: this.echoed - this.pathBase.echoed,
      },
      digits: this.detector.digits(),
      digitEvents: this.detector.events(),
    };
  }

  /** Stops sending and closes the socket. Stats stay readable. */
  async stop(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.rtcpTimer) clearInterval(this.rtcpTimer);
    if (this.sender) this.sendRtcp();
    this.closed = true;
    this.sender?.stop();
    await Promise.all([closeSocket(this.socket), this.rtcpSocket ? closeSocket(this.rtcpSocket) : undefined]);
  }

  /** A packet from an address the media moved away from, still in flight. */
  private fromOldPath(from: Endpoint): boolean {
    if (this.moves.length === 0 || (this.remote && sameEndpoint(from, this.remote))) return false;
    return this.moves.some((m) => sameEndpoint(m.from, from));
  }

  private target(): Endpoint | undefined {
    return this.latchedTo ?? this.remote;
  }

  private transmit(packet: Buffer, length: number): void {
    const to = this.target();
    // A move to 0.0.0.0 is a hold (RFC 3264 §8.4): nothing to send to.
    if (!to || this.closed || isHoldAddress(to.address)) return;
    this.socket.send(packet, 0, length, to.port, to.address, this.onSent);
  }

  /** One SR or RR with our SDES, to the far side's RTCP port (RFC 3550 §11: RTP port + 1). */
  private sendRtcp(): void {
    const to = this.remote;
    const sender = this.sender;
    if (!to || !sender || this.closed || isHoldAddress(to.address)) return;
    const sent = sender.stats();
    const received = this.receiver.snapshot();
    const packet = buildRtcpReport({
      ssrc: sender.ssrc,
      ...(sent.packets > 0
        ? {
            sender: {
              ntpMicros: this.clock.nowMicros(),
              rtpTimestamp: sent.lastTimestamp ?? 0,
              packets: sent.packets,
              octets: sent.octets,
            },
          }
        : {}),
      blocks: received.sources
        .filter((src) => !src.ownStream)
        .map((src) => ({
          ssrc: src.ssrc,
          fractionLost: src.fractionLost,
          cumulativeLost: src.lost,
          highestSeq: src.highestSeq,
          jitter: src.jitter,
        })),
      cname: `sipkit@${this.local.address}`,
    });
    const via = this.rtcpSocket ?? this.socket;
    via.send(packet, to.port + 1, to.address, () => undefined);
    this.rtcp.sent++;
  }

  private onRtcp(msg: Buffer, from: Endpoint): void {
    if (this.closed) return;
    const own = this.sender?.ssrc;
    for (const report of parseRtcp(msg)) {
      // Our own report reflected by an echo proves nothing about the far side.
      if (report.ssrc === own) continue;
      this.rtcp.received++;
      this.rtcp.from = from;
      if (report.sender) this.rtcp.farSentPackets = report.sender.packets;
      const aboutUs = report.blocks.find((b) => b.ssrc === own);
      if (aboutUs) {
        this.rtcp.ourStreamAtFarEnd = {
          highestSeq: aboutUs.highestSeq,
          cumulativeLost: aboutUs.cumulativeLost,
          fractionLost: aboutUs.fractionLost,
          jitter: aboutUs.jitter,
        };
      }
    }
  }

  private onDatagram(msg: Buffer, from: Endpoint): void {
    if (this.closed) return;
    // RTCP multiplexed on the RTP port (RFC 5761) is read as well.
    if (looksLikeRtcp(msg) && !this.opts.echo) this.onRtcp(msg, from);
    if (this.opts.echo) {
      // Echo mode (an inbound test call): reflect exactly what arrived, to where it came from.
      this.socket.send(msg, from.port, from.address, this.onSent);
      this.echoed++;
    }
    const packet = this.receiver.handle(msg, from);
    if (!packet) return;
    if (!this.fromOldPath(from)) this.pathReceived++;
    // Our own stream reflected by an echo counts as well: it proves the path both ways.
    if (!this.seenFrom) this.seenFrom = from;

    const opts = this.startOptions;
    if (opts?.latch && this.remote && !this.latchedTo && !sameEndpoint(from, this.remote)) {
      // RFC 4961 §2: a symmetric RTP peer receives on the port it sends from, so where its
      // packets come from is where ours must go — past any NAT that rewrote it. Latch once,
      // on the first packet of the far side's stream.
      this.latchedTo = from;
    }
    const dtmfType = opts?.dtmfPayloadType ?? this.opts.dtmfPayloadType;
    if (dtmfType !== undefined && packet.payloadType === dtmfType) {
      const digit = this.detector.handle(packet, this.clock.nowMs(), this.clock.nowMicros());
      if (digit) this.opts.onDigit?.(digit);
    }
  }
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.port === b.port && normalizeAddress(a.address) === normalizeAddress(b.address);
}
