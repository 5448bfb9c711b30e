import { describe, expect, it } from 'vitest';
import { buildRtcpReport } from '../../../../electron/engine/rtp/rtcp-packet';
import { writeRtpHeader } from '../../../../electron/engine/rtp/rtp-packet';
import type { IpDatagram } from '../../../../electron/import/pcap/ip-datagram';
import { RtpCollector } from '../../../../electron/import/pcap/rtp-collector';

const A = [192, 0, 2, 10];
const B = [203, 0, 113, 50];

/** A UDP payload carried between two IPv4 addresses, as the packet decoder hands it on. */
function datagram(
  src: number[],
  dst: number[],
  payload: Uint8Array,
): { d: IpDatagram; at: number; end: number } {
  const addressBytes = Buffer.from([...src, ...dst]);
  const bytes = Buffer.concat([Buffer.alloc(8), Buffer.from(payload)]);
  return {
    d: { family: 4, protocol: 17, addressBytes, srcAt: 0, dstAt: 4, bytes, start: 0, end: bytes.length },
    at: 8,
    end: bytes.length,
  };
}

function rtp(seq: number, timestamp: number, ssrc: number, payloadType = 0): Uint8Array {
  const b = new Uint8Array(12 + 160);
  writeRtpHeader(b, { marker: false, payloadType, sequence: seq & 0xffff, timestamp, ssrc });
  return b;
}

function feed(
  c: RtpCollector,
  src: number[],
  sport: number,
  dst: number[],
  dport: number,
  payload: Uint8Array,
  micros: number,
): void {
  const { d, at, end } = datagram(src, dst, payload);
  c.datagram(d, sport, dport, at, end, micros);
}

describe('RtpCollector: Wireshark-style RTP streams from non-SIP datagrams', () => {
  it('counts packets, loss across a sequence wrap, jitter, max delta and payload types per SSRC', () => {
    const c = new RtpCollector();
    const t = 1_000_000;
    // 100 packets every 20 ms, sequence wrapping past 65535, packet 50 lost, one 20 ms late arrival.
    for (let i = 0; i < 100; i++) {
      if (i === 50) continue;
      const late = i === 70 ? 20_000 : 0;
      feed(c, A, 40000, B, 30000, rtp(65500 + i, 160 * i, 0xabc, i === 90 ? 101 : 0), t + i * 20_000 + late);
    }
    const [s, ...rest] = c.records();
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      src: { address: '192.0.2.10', port: 40000 },
      dst: { address: '203.0.113.50', port: 30000 },
      ssrc: 0xabc,
      payloadTypes: [0, 101],
      packets: 99,
      expected: 100,
      lost: 1,
      plausible: true,
    });
    // One packet 20 ms (160 timestamp units) late: |D| = 160 then 160 back; J = 160/16, then
    // 10 + (160 - 10)/16 = 19.375 units → 2.42 ms at 8 kHz (RFC 3550 A.8).
    expect(s?.maxJitterMs).toBeCloseTo(2.422, 2);
    // The lost packet leaves a 40 ms gap; the late one a 40 ms gap too.
    expect(s?.maxDeltaMs).toBe(40);
  });

  it('keeps RTCP receiver-report figures with the stream they describe', () => {
    const c = new RtpCollector();
    for (let i = 0; i < 10; i++) feed(c, A, 40000, B, 30000, rtp(i, 160 * i, 0x1234), 1_000_000 + i * 20_000);
    const rr = buildRtcpReport({
      ssrc: 0x9999,
      blocks: [{ ssrc: 0x1234, fractionLost: 0.25, cumulativeLost: 3, highestSeq: 9, jitter: 80 }],
      cname: 'far',
    });
    feed(c, B, 30001, A, 40001, rr, 1_300_000);
    expect(c.records()[0]?.rtcp).toEqual({ reports: 1, fractionLost: 0.25, cumulativeLost: 3, jitterMs: 10 });
  });

  it('leaves out what only happens to start with 0x80: low ports, single packets, no sequence', () => {
    const c = new RtpCollector();
    // DNS-like traffic on port 53 is never media.
    for (let i = 0; i < 10; i++) feed(c, A, 53, B, 40000, rtp(i, i, 7), 1_000_000 + i);
    // Random "SSRCs" once each: noise.
    for (let i = 0; i < 10; i++) feed(c, A, 41000, B, 41002, rtp(i * 977, i, 1000 + i), 2_000_000 + i);
    // Random sequence numbers on one SSRC: not plausible RTP without SDP.
    for (let i = 0; i < 10; i++) feed(c, A, 41004, B, 41006, rtp((i * 7919) % 65536, i, 5), 3_000_000 + i);
    const records = c.records();
    expect(records).toHaveLength(1);
    expect(records[0]?.plausible).toBe(false);
  });

  it('reads a dynamic payload type at the clock its timestamps run at: opus at 48 kHz, not 8 kHz', () => {
    const c = new RtpCollector();
    const t = 5_000_000;
    // Opus (PT 111, RFC 7587: 48 kHz clock): 960 units per 20 ms packet, packet 30 arriving 10 ms late.
    for (let i = 0; i < 60; i++) {
      const late = i === 30 ? 10_000 : 0;
      feed(c, A, 42000, B, 32000, rtp(i, 960 * i, 0x0bb5, 111), t + i * 20_000 + late);
    }
    // |D| = 480 units then 480 back: J = 480/16 = 30, then 30 + (480 - 30)/16 = 58.125 units,
    // 1.211 ms at 48 kHz (read at 8 kHz the stream would show ~100 ms: 960 units "sent" per 20 ms).
    expect(c.records()[0]?.maxJitterMs).toBeCloseTo(1.211, 2);
    expect(c.records()[0]?.packets).toBe(60);
  });

  it('gives a live capture a dynamic stream\u2019s figures before its clock is read, without fixing the clock early', () => {
    const c = new RtpCollector();
    const send = (i: number): void =>
      feed(c, A, 42002, B, 32002, rtp(i, 320 * i, 0x0722, 98), 7_000_000 + i * 20_000);
    // Three packets of a 16 kHz stream: shown (three packets, no jitter) while the clock is unsure.
    for (let i = 0; i < 3; i++) send(i);
    expect(c.records()[0]).toMatchObject({ packets: 3, maxJitterMs: 0 });
    // The rest, with packet 10 5 ms late: jitter in 16 kHz units (80 units → 5/16 ms, then 0.605 ms max).
    for (let i = 3; i < 20; i++)
      feed(
        c,
        A,
        42002,
        B,
        32002,
        rtp(i, 320 * i, 0x0722, 98),
        7_000_000 + i * 20_000 + (i === 10 ? 5_000 : 0),
      );
    expect(c.records()[0]?.packets).toBe(20);
    expect(c.records()[0]?.maxJitterMs).toBeCloseTo(0.605, 2);
  });
});
