import { describe, expect, it } from 'vitest';
import { mediaVerdict } from '../../../../electron/engine/rtp/media-verdict';
import type { RtpStats, SourceStats } from '../../../../electron/engine/rtp/rtp-stats';

/** An RFC 1918 address as fixture text for the private-address wording; no packet goes to it. */
const PRIVATE_FIXTURE = '10.0.0.8'; // fixture

const FAR = { address: '198.51.100.7', port: 31000 };

function source(over: Partial<SourceStats> = {}): SourceStats {
  return {
    ssrc: 0x1234,
    from: FAR,
    lastFrom: FAR,
    packets: 240,
    octets: 240 * 160,
    firstPacketAtMs: 100,
    lastPacketAtMs: 5000,
    baseSeq: 1,
    highestSeq: 250,
    seqWraps: 0,
    expected: 250,
    lost: 10,
    fractionLost: 0.04,
    jitter: 16,
    jitterMs: 2,
    outOfOrder: 0,
    duplicates: 0,
    restarts: 0,
    payloadTypes: [0],
    dtmfPackets: 0,
    ownStream: false,
    ...over,
  };
}

function stats(
  over: Partial<RtpStats> = {},
  sentPackets = 250,
  sources: readonly SourceStats[] = [],
): RtpStats {
  return {
    local: { address: '192.0.2.10', port: 40000 },
    echo: false,
    started: true,
    mode: 'tone',
    remote: FAR,
    sendingTo: FAR,
    latched: false,
    sourceMismatch: false,
    sent: {
      packets: sentPackets,
      audioPackets: sentPackets,
      dtmfPackets: 0,
      octets: 0,
      sendErrors: 0,
      skippedFrames: 0,
    },
    received: {
      packets: sources.reduce((n, s) => n + s.packets, 0),
      sources,
      rtcp: 0,
      invalid: 0,
      echoed: 0,
    },
    digits: '',
    digitEvents: [],
    ...over,
  };
}

describe('mediaVerdict', () => {
  it('words one-way-out for a technician', () => {
    expect(mediaVerdict(stats()).message).toBe(
      "one-way audio: we sent 250 packets to 198.51.100.7:31000 but nothing came back, not even RTCP — the far side's RTP does not reach us (NAT/firewall on our side, or the far side sends to a private address)",
    );
  });

  it('adds that a private destination probably never reaches the far side', () => {
    // Synthetic statistics only: nothing is sent anywhere in this test.
    const target = { address: PRIVATE_FIXTURE, port: 4000 };
    expect(mediaVerdict(stats({ remote: target, sendingTo: target })).message).toContain(
      `${PRIVATE_FIXTURE} is a private address, so our packets may not reach the far side either`,
    );
  });

  it('summarises two-way audio with loss and jitter, and notes heavy loss', () => {
    const verdict = mediaVerdict(stats({}, 250, [source()]));
    expect(verdict.verdict).toBe('two-way');
    expect(verdict.message).toBe(
      'two-way audio: we sent 250 packets to 198.51.100.7:31000 and received 240 from 198.51.100.7:31000 (loss 4.0%, jitter 2.0 ms)',
    );
    expect(verdict.notes).toEqual([
      'stream 0x00001234 from 198.51.100.7:31000: 10 of 250 packets lost (4.0%)',
    ]);
  });

  it('says none when nothing moved, and why', () => {
    const verdict = mediaVerdict(stats({ started: false }, 0));
    expect(verdict.verdict).toBe('none');
    expect(verdict.message).toBe(
      'no audio either way: nothing was sent or received — the stream was never started',
    );
  });

  it('blames the network when every send failed', () => {
    const failed = stats({}, 250, [source()]);
    const verdict = mediaVerdict({
      ...failed,
      sent: { ...failed.sent, sendErrors: 250, lastSendError: 'send ENETUNREACH 198.51.100.7:31000' },
    });
    expect(verdict.verdict).toBe('one-way-in');
    expect(verdict.message).toContain(
      'the network refused our packets (send ENETUNREACH 198.51.100.7:31000)',
    );
  });
});
