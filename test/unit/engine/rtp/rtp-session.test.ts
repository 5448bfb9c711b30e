import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { mediaVerdict } from '../../../../electron/engine/rtp/media-verdict';
import {
  RtpSession,
  type RtpOpenOptions,
  type RtpStartOptions,
} from '../../../../electron/engine/rtp/rtp-session';
import { waitUntil } from '../../../support/wait';

// Two real sessions on 127.0.0.1. Assertions are about what arrived, never about how fast.

const open: RtpSession[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
  await Promise.all(sockets.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function session(opts: Partial<RtpOpenOptions> = {}): Promise<RtpSession> {
  const s = await RtpSession.open({ bindAddress: '127.0.0.1', ...opts });
  open.push(s);
  return s;
}

function startTo(from: RtpSession, to: RtpSession, extra: Partial<RtpStartOptions> = {}): void {
  from.start({
    remote: to.local,
    payloadType: 0,
    codec: 'PCMU',
    mode: 'tone',
    dtmfPayloadType: 101,
    ...extra,
  });
}

async function received(s: RtpSession, atLeast: number): Promise<void> {
  await waitUntil(() => s.stats().received.packets >= atLeast, {
    timeoutMs: 5000,
    describeFailure: () =>
      `only ${s.stats().received.packets} packets arrived: ${JSON.stringify(s.stats().sent)}`,
  });
}

/** A bound socket that swallows whatever is sent to it: an SDP address nobody answers from. */
async function blackHole(): Promise<{ address: string; port: number }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { address: '127.0.0.1', port: socket.address().port };
}

describe('RtpSession on 127.0.0.1', () => {
  it('binds an even port (RFC 3550 §11)', async () => {
    const a = await session();
    const b = await session();
    expect(a.local.port % 2).toBe(0);
    expect(b.local.port % 2).toBe(0);
    expect(a.local.address).toBe('127.0.0.1');
  });

  it('picks an even port inside a configured range', async () => {
    const s = await session({ portRange: { min: 42001, max: 42999 } });
    expect(s.local.port % 2).toBe(0);
    expect(s.local.port).toBeGreaterThanOrEqual(42002);
    expect(s.local.port).toBeLessThanOrEqual(42998);
  });

  it('two sessions talking to each other both report two-way audio', async () => {
    const a = await session();
    const b = await session();
    startTo(a, b);
    startTo(b, a, { codec: 'PCMA', payloadType: 8 });
    await Promise.all([received(a, 10), received(b, 10)]);
    const sa = a.stats();
    const sb = b.stats();
    expect(mediaVerdict(sa).verdict).toBe('two-way');
    expect(mediaVerdict(sb).verdict).toBe('two-way');
    expect(mediaVerdict(sa).message).toMatch(
      new RegExp(
        `^two-way audio: we sent \\d+ packets to 127\\.0\\.0\\.1:${b.local.port} and received \\d+ from 127\\.0\\.0\\.1:${b.local.port}`,
      ),
    );
    // b sees a's stream: a's SSRC, from a's port, PCMU.
    expect(sb.received.sources).toHaveLength(1);
    expect(sb.received.sources[0]).toMatchObject({
      ssrc: sa.sent.ssrc,
      from: a.local,
      payloadTypes: [0],
      ownStream: false,
    });
    expect(sa.received.sources[0]?.payloadTypes).toEqual([8]);
    expect(sa.sourceMismatch).toBe(false);
    expect(sb.received.sources[0]?.firstPacketLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('when the far side sends nothing, our verdict is one-way-out and theirs one-way-in', async () => {
    const a = await session();
    const b = await session();
    startTo(b, a, { mode: 'none' });
    startTo(a, b);
    await received(b, 10);
    const va = mediaVerdict(a.stats());
    expect(va.verdict).toBe('one-way-out');
    expect(va.message).toMatch(
      new RegExp(
        // b sends no RTP; its RTCP receiver report (after 1 s) may already say a's packets arrive.
        `^one-way audio: we sent \\d+ packets to 127\\.0\\.0\\.1:${b.local.port} (but nothing came back, not even RTCP|and the far side's RTCP says they arrive)`,
      ),
    );
    const vb = mediaVerdict(b.stats());
    expect(vb.verdict).toBe('one-way-in');
    expect(vb.message).toContain('sending was switched off (mode none)');
  });

  it('in echo mode reflects every packet: the sender sees its own stream come back', async () => {
    const echo = await session({ echo: true });
    const a = await session();
    startTo(a, echo);
    await received(a, 10);
    const stats = a.stats();
    expect(stats.received.sources).toHaveLength(1);
    expect(stats.received.sources[0]).toMatchObject({
      ssrc: stats.sent.ssrc,
      ownStream: true,
      from: echo.local,
    });
    const verdict = mediaVerdict(stats);
    expect(verdict.verdict).toBe('two-way');
    expect(verdict.message).toContain('the far side echoes our audio');
    expect(echo.stats().received.echoed).toBeGreaterThanOrEqual(10);
  });

  it('DTMF sent by one session is detected exactly by the other', async () => {
    const heard: string[] = [];
    const a = await session();
    const b = await session({ onDigit: (d) => heard.push(d.digit) });
    startTo(a, b);
    startTo(b, a, { mode: 'silence' });
    await a.sendDigits('159#');
    await waitUntil(() => b.stats().digits.length >= 4, {
      timeoutMs: 5000,
      describeFailure: () => b.stats().digits,
    });
    expect(b.stats().digits).toBe('159#');
    expect(heard.join('')).toBe('159#');
    const events = b.receivedDigits();
    expect(events.every((e) => e.ended && e.ssrc === a.stats().sent.ssrc)).toBe(true);
    expect(a.stats().sent.dtmfPackets).toBe(4 * 7);
    expect(b.stats().received.sources[0]?.dtmfPackets).toBe(4 * 7);
  });

  it('latches onto where the far side’s RTP really comes from when asked (symmetric RTP)', async () => {
    const a = await session();
    const b = await session();
    const sdpSaid = await blackHole();
    // a was told (by SDP) to send to an address nobody answers from; b's RTP comes from b.
    startTo(a, b, { remote: sdpSaid, latch: true });
    startTo(b, a);
    await received(b, 10);
    const stats = a.stats();
    expect(stats).toMatchObject({
      latched: true,
      sendingTo: b.local,
      seenFrom: b.local,
      sourceMismatch: true,
    });
    expect(mediaVerdict(stats).notes.join('\n')).toContain(
      `the far side's RTP comes from 127.0.0.1:${b.local.port}, not 127.0.0.1:${sdpSaid.port} as its SDP says`,
    );
  });

  it('without latching, reports the mismatch and the far side hears nothing', async () => {
    const a = await session();
    const b = await session();
    const sdpSaid = await blackHole();
    startTo(a, b, { remote: sdpSaid });
    startTo(b, a);
    await received(a, 10);
    const stats = a.stats();
    expect(stats).toMatchObject({ latched: false, sendingTo: sdpSaid, sourceMismatch: true });
    expect(mediaVerdict(stats).notes.join('\n')).toContain(
      'our packets go to the SDP address and may be lost',
    );
    expect(mediaVerdict(b.stats()).verdict).toBe('one-way-out');
  });

  it('refuses to send to a hold address (c=0.0.0.0) but may still listen', async () => {
    const a = await session();
    const hold = { address: '0.0.0.0', port: 4000 };
    expect(() => a.start({ remote: hold, payloadType: 0, codec: 'PCMU', mode: 'tone' })).toThrow(/on hold/);
    a.start({ remote: hold, payloadType: 0, codec: 'PCMU', mode: 'none' });
    expect(a.stats()).toMatchObject({ started: true, mode: 'none' });
  });

  it('keeps its statistics after stop() and refuses to start again', async () => {
    const a = await session();
    const b = await session();
    startTo(a, b);
    await received(b, 3);
    await a.stop();
    const sent = a.stats().sent.packets;
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(() => startTo(a, b)).toThrow(/stopped/);
    await a.stop();
  });
});
