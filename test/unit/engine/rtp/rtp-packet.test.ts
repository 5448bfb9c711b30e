import { describe, expect, it } from 'vitest';
import { looksLikeRtcp, parseRtpPacket, writeRtpHeader } from '../../../../electron/engine/rtp/rtp-packet';

describe('RTP packet', () => {
  it('writes and reads back the RFC 3550 fixed header', () => {
    const buf = new Uint8Array(16);
    writeRtpHeader(buf, {
      marker: true,
      payloadType: 101,
      sequence: 0xfffe,
      timestamp: 0xfedcba98,
      ssrc: 0x80000001,
    });
    expect(buf[0]).toBe(0x80); // V=2, no padding, extension or CSRCs
    expect(buf[1]).toBe(0x80 | 101);
    const packet = parseRtpPacket(buf);
    expect(packet).toMatchObject({
      marker: true,
      payloadType: 101,
      sequence: 0xfffe,
      timestamp: 0xfedcba98,
      ssrc: 0x80000001,
    });
    expect(typeof packet !== 'string' && packet.payload.length).toBe(4);
  });

  it('skips CSRCs and a header extension, and strips padding', () => {
    // prettier-ignore
    const buf = Uint8Array.from([
      0xb1, 0x00, 0x00, 0x01, // V=2, P, X, CC=1; PT 0; seq 1
      0, 0, 0, 1, // timestamp
      0, 0, 0, 2, // SSRC
      0, 0, 0, 9, // one CSRC
      0xbe, 0xde, 0x00, 0x01, 1, 2, 3, 4, // a one-word header extension
      0xaa, 0xbb, // payload
      0, 0, 3, // padding: three octets, the last one counting them
    ]);
    const packet = parseRtpPacket(buf);
    if (typeof packet === 'string') throw new Error(packet);
    expect(packet).toMatchObject({ csrcCount: 1, extension: true, padding: true, sequence: 1, ssrc: 2 });
    expect([...packet.payload]).toEqual([0xaa, 0xbb]);
  });

  it('tells RTCP and junk apart from RTP', () => {
    const rr = Uint8Array.from([0x80, 201, 0, 1, 0, 0, 0, 1]);
    expect(looksLikeRtcp(rr)).toBe(true);
    expect(parseRtpPacket(Uint8Array.from([1, 2, 3]))).toMatch(/too short/);
    expect(parseRtpPacket(new Uint8Array(12))).toMatch(/version 0/);
  });
});
