import { afterEach, describe, expect, it } from 'vitest';
import { mediaVerdict } from '../../../../electron/engine/rtp/media-verdict';
import { RtpSession } from '../../../../electron/engine/rtp/rtp-session';
import { waitUntil } from '../../../support/wait';

// A re-INVITE moves the far side's media (RFC 3264 §8.3.1): real sessions on 127.0.0.1.

const open: RtpSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

async function session(echo = false): Promise<RtpSession> {
  const s = await RtpSession.open({ bindAddress: '127.0.0.1', echo });
  open.push(s);
  return s;
}

describe('RtpSession.retarget', () => {
  it('sends to the new address and judges the new path: nothing comes back from a silent one', async () => {
    const a = await session();
    const echoer = await session(true);
    const silent = await session();
    a.start({ remote: echoer.local, payloadType: 0, codec: 'PCMU', mode: 'tone' });
    await waitUntil(() => a.stats().received.packets >= 10, {
      timeoutMs: 5000,
      describeFailure: () => JSON.stringify(a.stats().path),
    });
    expect(mediaVerdict(a.stats()).verdict).toBe('two-way');

    a.retarget(silent.local);
    await waitUntil(() => silent.stats().received.packets >= 10, {
      timeoutMs: 5000,
      describeFailure: () => JSON.stringify(a.stats().path),
    });
    const stats = a.stats();
    expect(stats.sendingTo).toEqual(silent.local);
    expect(stats.moves).toHaveLength(1);
    expect(stats.moves?.[0]).toMatchObject({ from: echoer.local, to: silent.local });
    expect(stats.moves?.[0]?.receivedBefore).toBeGreaterThanOrEqual(10);
    const verdict = mediaVerdict(stats);
    // Echoes of the old path still in flight at the move are not the new path's.
    expect(stats.path?.received).toBe(0);
    expect(verdict.verdict).toBe('one-way-out');
    expect(verdict.message).toContain(`127.0.0.1:${silent.local.port}`);
    expect(verdict.notes[0]).toMatch(/moved its media from 127\.0\.0\.1:\d+ to 127\.0\.0\.1:\d+/);
  });

  it('does not count a move to the same address', async () => {
    const a = await session();
    const b = await session();
    a.start({ remote: b.local, payloadType: 0, codec: 'PCMU', mode: 'tone' });
    a.retarget({ ...b.local });
    expect(a.stats().moves).toEqual([]);
  });
});
