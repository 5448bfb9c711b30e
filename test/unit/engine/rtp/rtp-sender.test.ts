import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/engine/clock';
import { readTelephoneEvent } from '../../../../electron/engine/rtp/dtmf';
import { parseRtpPacket, type RtpPacket } from '../../../../electron/engine/rtp/rtp-packet';
import { RtpSender, type RtpSenderOptions } from '../../../../electron/engine/rtp/rtp-sender';

function harness(overrides: Partial<RtpSenderOptions> = {}) {
  const clock = new ManualClock(1000);
  const packets: RtpPacket[] = [];
  const sender = new RtpSender({
    clock,
    codec: 'PCMU',
    payloadType: 0,
    mode: 'tone',
    transmit: (buf, length) => {
      // Copy: the sender reuses its buffers.
      const packet = parseRtpPacket(Uint8Array.from(buf.subarray(0, length)));
      if (typeof packet === 'string') throw new Error(packet);
      packets.push(packet);
    },
    ...overrides,
  });
  /** Moves the clock forward in `stepMs` steps, ticking like the session's interval would. */
  const run = (untilMs: number, stepMs = 10): void => {
    while (clock.nowMs() < untilMs) {
      clock.set(Math.min(untilMs, clock.nowMs() + stepMs));
      sender.tick();
    }
  };
  return { clock, packets, sender, run };
}

describe('RtpSender', () => {
  it('sends RFC 3550 packets: V=2, one SSRC, marker on the first, seq +1 and timestamp +160', () => {
    const { packets, sender, run } = harness();
    sender.start();
    run(1000 + 20 * 9);
    expect(packets).toHaveLength(10);
    expect(new Set(packets.map((p) => p.ssrc))).toEqual(new Set([sender.ssrc]));
    expect(packets.map((p) => p.marker)).toEqual([true, ...Array<boolean>(9).fill(false)]);
    expect(packets.every((p) => p.payloadType === 0 && p.payload.length === 160)).toBe(true);
    for (let i = 1; i < packets.length; i++) {
      expect(packets[i]?.sequence).toBe(((packets[i - 1]?.sequence ?? 0) + 1) & 0xffff);
      expect(packets[i]?.timestamp).toBe(((packets[i - 1]?.timestamp ?? 0) + 160) >>> 0);
    }
  });

  it('starts from random SSRC, sequence and timestamp', () => {
    const a = harness();
    const b = harness();
    a.sender.start();
    b.sender.start();
    const [pa, pb] = [a.packets[0], b.packets[0]];
    expect(pa?.ssrc).not.toBe(pb?.ssrc);
    expect([pa?.sequence, pa?.timestamp]).not.toEqual([pb?.sequence, pb?.timestamp]);
  });

  it('wraps the sequence number at 65535 and the timestamp at 2^32', () => {
    const { packets, sender, run } = harness({
      identity: { ssrc: 7, sequence: 65534, timestamp: 0xffffff00 },
    });
    sender.start();
    run(1000 + 20 * 3);
    expect(packets.map((p) => p.sequence)).toEqual([65534, 65535, 0, 1]);
    expect(packets.map((p) => p.timestamp)).toEqual([0xffffff00, 0xffffffa0, 0x40, 0xe0]);
  });

  it('paces by due time: irregular ticks over 10 s still give exactly one packet per 20 ms', () => {
    const { packets, sender, run } = harness();
    sender.start();
    run(1000 + 10_000, 13);
    expect(packets).toHaveLength(10_000 / 20 + 1);
    expect(sender.stats().skippedFrames).toBe(0);
  });

  it('after a stall sends only the last few overdue frames, with timestamps that match the clock', () => {
    const { packets, sender, clock } = harness();
    sender.start();
    clock.set(1000 + 200);
    sender.tick();
    // Slots 0..10 are due; slot 0 went at start; 7 are skipped, the last 3 go out.
    expect(packets).toHaveLength(4);
    expect(sender.stats().skippedFrames).toBe(7);
    expect(((packets[3]?.timestamp ?? 0) - (packets[0]?.timestamp ?? 0)) >>> 0).toBe(10 * 160);
    expect(((packets[3]?.sequence ?? 0) - (packets[0]?.sequence ?? 0)) & 0xffff).toBe(3);
  });

  it('sends encoded silence as real packets in silence mode, and nothing in none mode', () => {
    const silent = harness({ mode: 'silence', codec: 'PCMA', payloadType: 8 });
    silent.sender.start();
    silent.run(1000 + 100);
    expect(silent.packets).toHaveLength(6);
    expect(new Set(silent.packets.flatMap((p) => [...p.payload]))).toEqual(new Set([0xd5]));
    const none = harness({ mode: 'none' });
    none.sender.start();
    none.run(1000 + 100);
    expect(none.packets).toEqual([]);
  });

  it('sends RFC 4733 events in place of audio, then resumes the tone', async () => {
    const { packets, sender, run } = harness({ dtmfPayloadType: 101 });
    sender.start();
    const done = sender.sendDigits('5', { durationMs: 100, gapMs: 60 });
    run(1000 + 20 * 12);
    await done;
    // Slot 0 was audio (sent at start); slots 1–7 carry the event, 8–10 the gap, then audio.
    const kinds = packets.map((p) => p.payloadType);
    expect(kinds).toEqual([0, 101, 101, 101, 101, 101, 101, 101, 0, 0, 0, 0, 0]);
    const events = packets.filter((p) => p.payloadType === 101);
    const parsed = events.map((p) => readTelephoneEvent(p.payload));
    expect(parsed.map((e) => e?.event)).toEqual(Array<number>(7).fill(5));
    expect(parsed.map((e) => e?.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(parsed.map((e) => e?.end)).toEqual([false, false, false, false, true, true, true]);
    expect(parsed.every((e) => e?.volume === 10)).toBe(true);
    expect(events.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    // Every packet of the event carries its start timestamp: the timestamp of slot 1.
    expect(new Set(events.map((p) => p.timestamp))).toEqual(
      new Set([((packets[0]?.timestamp ?? 0) + 160) >>> 0]),
    );
    // One sequence space for audio and events.
    for (let i = 1; i < packets.length; i++) {
      expect(packets[i]?.sequence).toBe(((packets[i - 1]?.sequence ?? 0) + 1) & 0xffff);
    }
    expect(sender.stats()).toMatchObject({ dtmfPackets: 7, audioPackets: 6, packets: 13 });
  });

  it('refuses DTMF without a negotiated telephone-event type, and bad digits', async () => {
    const plain = harness();
    plain.sender.start();
    await expect(plain.sender.sendDigits('1')).rejects.toThrow(/no telephone-event payload type/);
    const withDtmf = harness({ dtmfPayloadType: 101 });
    await expect(withDtmf.sender.sendDigits('12x')).rejects.toThrow(
      '"x" is not a DTMF digit (use 0-9, *, #, A-D)',
    );
  });
});
