import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mediaVerdict } from '../../electron/engine/rtp/media-verdict';
import { RtpSession } from '../../electron/engine/rtp/rtp-session';
import { stopAll } from '../support/child-process';
import { startSipp, type SippHandle } from '../support/sipp';
import { waitUntil } from '../support/wait';

// A real RTP peer: SIPp's -rtp_echo reflects whatever reaches its media port (-mp) from the
// moment it starts, no SIP call needed. Our session must see its own stream come back intact.

afterAll(stopAll);

let sipp: SippHandle | undefined;
let session: RtpSession | undefined;

afterEach(async () => {
  await session?.stop();
  await sipp?.stop();
  session = undefined;
  sipp = undefined;
});

describe('RtpSession against SIPp -rtp_echo', () => {
  it('gets its own packets and DTMF back from a real echo peer', async () => {
    sipp = await startSipp({ scenario: 'uas', rtpEcho: true, traceMessages: false });
    const rtp = await RtpSession.open({ bindAddress: '127.0.0.1' });
    session = rtp;
    const echoPort = { address: '127.0.0.1', port: sipp.mediaPort };
    rtp.start({ remote: echoPort, payloadType: 0, codec: 'PCMU', mode: 'tone', dtmfPayloadType: 101 });
    await rtp.sendDigits('42*');

    await waitUntil(() => rtp.stats().digits.length >= 3 && rtp.stats().received.packets >= 25, {
      timeoutMs: 10_000,
      describeFailure: () =>
        `echo incomplete: ${JSON.stringify(rtp.stats(), null, 1)}\n${sipp?.logs().join('\n')}`,
    });
    const stats = rtp.stats();
    expect(stats.received.sources).toHaveLength(1);
    const [echoed] = stats.received.sources;
    expect(echoed).toMatchObject({
      ssrc: stats.sent.ssrc,
      ownStream: true,
      from: echoPort,
      payloadTypes: [0, 101],
      duplicates: 0,
      lost: 0,
    });
    expect(stats.digits).toBe('42*');
    const verdict = mediaVerdict(stats);
    expect(verdict.verdict).toBe('two-way');
    expect(verdict.message).toContain(`to 127.0.0.1:${sipp.mediaPort}`);
    expect(verdict.message).toContain('the far side echoes our audio');
  });
});
