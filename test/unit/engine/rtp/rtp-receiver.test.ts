import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/engine/clock';
import { writeRtpHeader } from '../../../../electron/engine/rtp/rtp-packet';
import { RtpReceiver } from '../../../../electron/engine/rtp/rtp-receiver';
import type { SourceStats } from '../../../../electron/engine/rtp/rtp-stats';

const FAR = { address: '198.51.100.7', port: 31000 };

function packet(
  sequence: number,
  timestamp: number,
  opts: { ssrc?: number; payloadType?: number } = {},
): Uint8Array {
  const buf = new Uint8Array(12 + 160);
  writeRtpHeader(buf, {
    marker: false,
    payloadType: opts.payloadType ?? 0,
    sequence: sequence & 0xffff,
    timestamp: timestamp >>> 0,
    ssrc: opts.ssrc ?? 0x1234,
  });
  return buf;
}

/** Feeds (sequence, arrival ms) pairs of a 20 ms stream whose timestamps follow the sequence. */
function feed(pairs: readonly (readonly [number, number])[], firstSeq = pairs[0]?.[0] ?? 0): SourceStats {
  const clock = new ManualClock();
  const receiver = new RtpReceiver(clock);
  for (const [seq, at] of pairs) {
    clock.set(at);
    receiver.handle(packet(seq, 5000 + (seq - firstSeq) * 160), FAR);
  }
  const [source] = receiver.snapshot().sources;
  if (!source) throw new Error('no source');
  return source;
}

const onTime = (seq: number, i = seq): [number, number] => [seq, i * 20];

describe('RtpReceiver statistics', () => {
  it('counts known loss: 10 of 100 packets missing', () => {
    const missing = new Set([3, 17, 18, 40, 41, 42, 60, 77, 90, 98]);
    const pairs = Array.from({ length: 100 }, (_, i) => onTime(1000 + i, i)).filter(
      ([seq]) => !missing.has(seq - 1000),
    );
    const stats = feed(pairs);
    expect(stats).toMatchObject({ packets: 90, expected: 100, lost: 10, outOfOrder: 0, duplicates: 0 });
    expect(stats.fractionLost).toBeCloseTo(0.1, 10);
  });

  it('extends the sequence number across the 65535 → 0 wrap (RFC 3550 A.1)', () => {
    const pairs = Array.from({ length: 20 }, (_, i) => onTime(65530 + i, i));
    const stats = feed(
      pairs.map(([seq, at]) => [seq & 0xffff, at] as const),
      65530,
    );
    expect(stats).toMatchObject({
      baseSeq: 65530,
      highestSeq: 65536 + 13,
      seqWraps: 1,
      expected: 20,
      lost: 0,
    });
  });

  it('counts loss that straddles the wrap', () => {
    const pairs = Array.from({ length: 10 }, (_, i) => onTime(65532 + i, i)).filter(
      ([seq]) => seq !== 65535 && seq !== 65536,
    );
    const stats = feed(
      pairs.map(([seq, at]) => [seq & 0xffff, at] as const),
      65532,
    );
    expect(stats).toMatchObject({ expected: 10, lost: 2 });
  });

  it('tells reordered packets from duplicates, and neither counts as loss', () => {
    const reordered = feed([onTime(1), onTime(2), onTime(4), onTime(3), onTime(5)]);
    expect(reordered).toMatchObject({ outOfOrder: 1, duplicates: 0, lost: 0, expected: 5 });
    const duplicated = feed([onTime(1), onTime(2), onTime(2), onTime(3), onTime(2)]);
    expect(duplicated).toMatchObject({ outOfOrder: 0, duplicates: 2, lost: 0, expected: 3, packets: 5 });
  });

  it('measures zero jitter when every packet takes the same time', () => {
    const stats = feed(Array.from({ length: 50 }, (_, i) => [i, 7 + i * 20] as const));
    expect(stats.jitter).toBe(0);
  });

  it('measures jitter per RFC 3550 §6.4.1 from a known arrival pattern', () => {
    // Every other packet arrives 5 ms late, so |D| is 5 ms = 40 timestamp units each time and
    // J(n) = J(n-1) + (40 - J(n-1))/16, i.e. J(n) = 40·(1 - (15/16)^n) after n differences.
    const n = 100;
    const stats = feed(Array.from({ length: n }, (_, i) => [i, i * 20 + (i % 2) * 5] as const));
    const expected = 40 * (1 - (15 / 16) ** (n - 1));
    expect(stats.jitter).toBeCloseTo(expected, 9);
    expect(stats.jitterMs).toBeCloseTo(expected / 8, 9);
  });

  it('keeps streams apart by SSRC and reports where each came from and its payload types', () => {
    const clock = new ManualClock();
    const receiver = new RtpReceiver(clock);
    receiver.settings.ownSsrc = 0xabc;
    receiver.settings.startedAtMs = 0;
    clock.set(35);
    receiver.handle(packet(1, 0, { ssrc: 0x1 }), FAR);
    receiver.handle(packet(2, 160, { ssrc: 0x1, payloadType: 101 }), { address: '203.0.113.9', port: 4000 });
    receiver.handle(packet(9, 0, { ssrc: 0xabc }), FAR);
    receiver.handle(Uint8Array.from([0x80, 200, 0, 6, 0, 0, 0, 1]), FAR); // an RTCP SR
    receiver.handle(Uint8Array.from([0x00, 1, 2]), FAR);
    const snap = receiver.snapshot();
    expect(snap).toMatchObject({ packets: 3, rtcp: 1, invalid: 1 });
    const [theirs, ours] = snap.sources;
    expect(theirs).toMatchObject({
      ssrc: 1,
      from: FAR,
      lastFrom: { address: '203.0.113.9', port: 4000 },
      payloadTypes: [0, 101],
      firstPacketLatencyMs: 35,
      ownStream: false,
    });
    expect(ours).toMatchObject({ ssrc: 0xabc, ownStream: true });
  });

  it('keeps telephone-event packets out of the jitter figure', () => {
    const clock = new ManualClock();
    const receiver = new RtpReceiver(clock);
    receiver.settings.dtmfPayloadType = 101;
    for (let i = 0; i < 20; i++) {
      clock.set(i * 20);
      // Events 5–14 keep the event's start timestamp while time moves on.
      const dtmf = i >= 5 && i < 15;
      receiver.handle(packet(i, dtmf ? 5 * 160 : i * 160, { payloadType: dtmf ? 101 : 0 }), FAR);
    }
    const [source] = receiver.snapshot().sources;
    expect(source).toMatchObject({ jitter: 0, dtmfPackets: 10, lost: 0 });
  });
});
