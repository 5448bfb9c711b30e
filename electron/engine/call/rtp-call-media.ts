// CallMediaSession over the RTP engine: one RtpSession per call, opened before the SDP is built
// so its port can go into the offer or answer.
import type { Endpoint } from '../../../shared/trace-types';
import type { Clock } from '../clock';
import { RtpSession } from '../rtp/rtp-session';
import { mediaVerdict } from '../rtp/media-verdict';
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

  retarget(remote: Endpoint): void {
    // The stream follows a re-INVITE or UPDATE; the verdict describes the new path.
    this.session.retarget(remote);
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
export function toReport(stats: RtpStats, _plan: MediaPlan | undefined): MediaReport {
  const sources = stats.received.sources;
  const lost = sources.reduce((n, s) => n + s.lost, 0);
  const jitterMs = sources.length ? Math.max(...sources.map((s) => s.jitterMs)) : undefined;
  const latencies = sources.map((s) => s.firstPacketLatencyMs).filter((v): v is number => v !== undefined);
  const base = {
    packetsSent: stats.sent.packets,
    packetsReceived: stats.received.packets,
    packetsLost: lost,
    jitterMs,
    firstPacketMs: latencies.length ? Math.min(...latencies) : undefined,
    receivedFrom: stats.seenFrom,
    dtmfReceived: stats.digits,
  };
  // Echo mode sends nothing of its own: what it reflected is the outbound half of the test.
  const moved = (stats.moves?.length ?? 0) > 0;
  const echoed = moved ? (stats.path?.echoed ?? 0) : stats.received.echoed;
  if (stats.echo && echoed > 0) {
    const from = stats.seenFrom ? `${stats.seenFrom.address}:${stats.seenFrom.port}` : 'the caller';
    const received = moved ? (stats.path?.received ?? 0) : stats.received.packets;
    const note = moved ? mediaVerdict(stats).notes.filter((n) => n.startsWith('the far side moved')) : [];
    return {
      ...base,
      packetsSent: stats.received.echoed,
      verdict: 'two-way',
      message: [
        `two-way audio (echo): received ${received} packets from ${from} and sent each one back`,
        ...note,
      ].join('; '),
    };
  }
  const v = mediaVerdict(stats);
  return { ...base, verdict: v.verdict, message: [v.message, ...v.notes].join('; ') };
}
