// CallMediaSession over the RTP engine: one RtpSession per call, opened before the SDP is built
// so its port can go into the offer or answer.
import type { Endpoint } from '../../../shared/trace-types';
import type { Clock } from '../clock';
import { RtpSession } from '../rtp/rtp-session';
import type { RtpStats } from '../rtp/rtp-stats';
import type { CallMediaSession, MediaFactory, MediaPlan, MediaReport } from './call-media';

export interface RtpMediaOptions {
  readonly bindAddress: string;
  /** Reflect received RTP to its source (inbound echo test). */
  readonly echo?: boolean;
  readonly clock?: Clock;
  /** Called for each DTMF digit received. */
  readonly onDigit?: (digit: string) => void;
}

export function rtpMediaFactory(opts: RtpMediaOptions): MediaFactory {
  return async () => {
    const session = await RtpSession.open({
      bindAddress: opts.bindAddress,
      echo: opts.echo,
      clock: opts.clock,
      // Detect RFC 4733 digits even before start() (echo-only sessions never call it).
      dtmfPayloadType: 101,
      onDigit: (d) => opts.onDigit?.(d.digit),
    });
    return new RtpCallMedia(session);
  };
}

class RtpCallMedia implements CallMediaSession {
  private final: MediaReport | undefined;
  private planned: MediaPlan | undefined;

  constructor(private readonly session: RtpSession) {}

  get localPort(): number {
    return this.session.local.port;
  }

  start(plan: MediaPlan): void {
    this.planned = plan;
    this.session.start({
      remote: plan.remote,
      payloadType: plan.codec.payloadType,
      codec: plan.codec.name,
      mode: plan.mode,
      dtmfPayloadType: plan.dtmfPayloadType,
    });
  }

  retarget(_remote: Endpoint): void {
    // A re-INVITE moving the far side's media is reported through the trace; the stream keeps
    // its first address so the verdict describes one path.
  }

  sendDtmf(digits: string): Promise<void> {
    return this.session.sendDigits(digits);
  }

  report(): MediaReport {
    return this.final ?? toReport(this.session.stats(), this.planned);
  }

  async stop(): Promise<MediaReport> {
    if (this.final) return this.final;
    await this.session.stop();
    this.final = toReport(this.session.stats(), this.planned);
    return this.final;
  }
}

/** The verdict a technician needs: does audio flow, which way, and how well. */
export function toReport(stats: RtpStats, plan: MediaPlan | undefined): MediaReport {
  const sent = stats.sent.audioPackets + stats.sent.dtmfPackets;
  const received = stats.received.packets;
  const sources = stats.received.sources;
  const lost = sources.reduce((n, s) => n + s.lost, 0);
  const jitterMs = sources.length ? Math.max(...sources.map((s) => s.jitterMs)) : undefined;
  const latencies = sources.map((s) => s.firstPacketLatencyMs).filter((v): v is number => v !== undefined);
  const firstPacketMs = latencies.length ? Math.min(...latencies) : undefined;
  const to = stats.sendingTo ?? plan?.remote;
  const where = to ? `${to.address}:${to.port}` : 'the far side';
  const local = `${stats.local.address}:${stats.local.port}`;
  const sending = plan !== undefined && plan.mode !== 'none';
  let verdict: MediaReport['verdict'];
  let message: string;
  if (sending && sent > 0 && received > 0) {
    verdict = 'two-way';
    const echo =
      sources.length > 0 && sources.every((s) => s.ownStream) ? ' (our own stream echoed back)' : '';
    message = `two-way audio: sent ${sent} packets to ${where}, received ${received}${echo}, lost ${lost}${jitterMs !== undefined ? `, jitter ${jitterMs.toFixed(1)} ms` : ''}${firstPacketMs !== undefined ? `, first packet after ${Math.round(firstPacketMs)} ms` : ''}`;
  } else if (sending && sent > 0) {
    verdict = 'one-way-out';
    message = `one-way audio: we sent ${sent} packets to ${where} but received none on ${local} — the far side's RTP does not reach us (a NAT or firewall on our side, or the far side sends to another address)`;
  } else if (received > 0) {
    verdict = 'one-way-in';
    message = `one-way audio: received ${received} packets on ${local} but sent none${sending ? ` to ${where} — our RTP could not be sent` : ' (we were told not to send)'}`;
  } else {
    verdict = 'none';
    message = `no audio either way: nothing sent${sending ? ` to ${where}` : ''} and nothing received on ${local}`;
  }
  if (stats.sourceMismatch && stats.seenFrom && verdict !== 'none') {
    message += `; the far side's RTP came from ${stats.seenFrom.address}:${stats.seenFrom.port}, not the SDP's ${where} (NAT or a media relay in between)`;
  }
  return {
    verdict,
    message,
    packetsSent: sent,
    packetsReceived: received,
    packetsLost: lost,
    jitterMs,
    firstPacketMs,
    receivedFrom: stats.seenFrom,
    dtmfReceived: stats.digits,
  };
}
