import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRtcpReport, parseRtcp } from '../../../../electron/engine/rtp/rtcp-packet';
import { mediaVerdict } from '../../../../electron/engine/rtp/media-verdict';
import { RtpSession } from '../../../../electron/engine/rtp/rtp-session';
import { waitUntil } from '../../../support/wait';

// RTCP (RFC 3550 §6.4) between real sessions on 127.0.0.1: it tells "our audio arrives, theirs
// does not come back" from "nothing comes back at all".

const open: RtpSession[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
  await Promise.all(sockets.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function session(): Promise<RtpSession> {
  const s = await RtpSession.open({ bindAddress: '127.0.0.1' });
  open.push(s);
  return s;
}

describe('RTCP reports', () => {
  it('reads back what it writes: SR with its sender info and report blocks, then SDES', () => {
    const packet = buildRtcpReport({
      ssrc: 0x11223344,
      sender: { ntpMicros: 1_700_000_000_250_000, rtpTimestamp: 1234, packets: 250, octets: 40_000 },
      blocks: [{ ssrc: 0xaabbccdd, fractionLost: 0.25, cumulativeLost: 12, highestSeq: 70_000, jitter: 80 }],
      cname: 'sipkit@127.0.0.1',
    });
    const [report] = parseRtcp(packet);
    expect(report).toMatchObject({ type: 'SR', ssrc: 0x11223344, sender: { packets: 250, octets: 40_000 } });
    expect(report?.blocks).toEqual([
      { ssrc: 0xaabbccdd, fractionLost: 0.25, cumulativeLost: 12, highestSeq: 70_000, jitter: 80 },
    ]);
    expect(Math.abs((report?.sender?.ntpMicros ?? 0) - 1_700_000_000_250_000)).toBeLessThan(2);
  });

  it('one-way out: the far side sends no RTP, but its receiver report proves our packets arrive', async () => {
    const a = await session();
    const b = await session();
    a.start({ remote: b.local, payloadType: 0, codec: 'PCMU', mode: 'tone' });
    b.start({ remote: a.local, payloadType: 0, codec: 'PCMU', mode: 'none' });
    await waitUntil(() => a.stats().rtcp?.ourStreamAtFarEnd !== undefined, {
      timeoutMs: 5000,
      describeFailure: () => `a's RTCP: ${JSON.stringify(a.stats().rtcp)}`,
    });
    const v = mediaVerdict(a.stats());
    expect(v.verdict).toBe('one-way-out');
    expect(v.message).toContain("the far side's RTCP says they arrive");
    expect(v.message).toContain('it sends none');
    expect(a.stats().rtcp?.from?.port).toBe(b.local.port + 1);
  });

  it('nothing came back: no RTP and no RTCP from a silent address', async () => {
    const a = await session();
    const hole = createSocket('udp4');
    sockets.push(hole);
    await new Promise<void>((resolve) => hole.bind(0, '127.0.0.1', () => resolve()));
    a.start({
      remote: { address: '127.0.0.1', port: hole.address().port },
      payloadType: 0,
      codec: 'PCMU',
      mode: 'tone',
    });
    await waitUntil(() => (a.stats().rtcp?.sent ?? 0) >= 1, {
      timeoutMs: 5000,
      describeFailure: () => 'no RTCP sent',
    });
    expect(mediaVerdict(a.stats()).message).toContain('nothing came back, not even RTCP');
  });
});
