import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../../../../../shared/diagnostics/analyze';
import { rtpAudioRule } from '../../../../../shared/diagnostics/rules/rtp-audio';
import { rtpNatRule } from '../../../../../shared/diagnostics/rules/rtp-nat';
import type { RtpStreamRecord } from '../../../../../shared/media/rtp-stream';
import { callFlow, profile, sdp, T0, trace, type Spec } from '../trace-builder';

// callFlow: the PBX 192.0.2.10 calls the carrier 203.0.113.50; SDP 192.0.2.10:40000 (offer) and
// 203.0.113.50:30000 (answer); answered at T0+2, BYE at T0+12.
const CALLER_MEDIA = { address: '192.0.2.10', port: 40000 };
const CALLEE_MEDIA = { address: '203.0.113.50', port: 30000 };

function stream(
  src: RtpStreamRecord['src'],
  dst: RtpStreamRecord['dst'],
  packets: number,
  ssrc = 1,
): RtpStreamRecord {
  const first = Math.round((T0 + 2.1) * 1e6);
  return {
    src,
    dst,
    ssrc,
    payloadTypes: [0],
    packets,
    expected: packets,
    lost: 0,
    duplicates: 0,
    outOfOrder: 0,
    jitterMs: 0.5,
    maxJitterMs: 1,
    meanJitterMs: 0.4,
    maxDeltaMs: 21,
    firstMicros: first,
    lastMicros: first + packets * 20_000,
    plausible: true,
  };
}

function run(specs: readonly Spec[], rtpStreams: readonly RtpStreamRecord[] | undefined) {
  return analyzeTrace(trace(specs), profile(), {
    rules: [rtpAudioRule, rtpNatRule],
    ...(rtpStreams ? { rtpStreams } : {}),
  });
}

describe('rtp.audio and rtp.nat: calls connect but no audio', () => {
  it('finds both streams of a call through its SDP and calls it two-way, without a finding', () => {
    const r = run(callFlow({ at: 0, callId: 'ok' }), [
      stream(CALLER_MEDIA, CALLEE_MEDIA, 500, 1),
      stream(CALLEE_MEDIA, CALLER_MEDIA, 490, 2),
    ]);
    expect(r.findings).toEqual([]);
    const call = r.media?.calls[0];
    expect(call?.verdict).toBe('two-way');
    expect(call?.streams.map((s) => s.direction)).toEqual(['from-caller', 'to-caller']);
    expect([call?.fromCaller, call?.toCaller]).toEqual([500, 490]);
  });

  it('flags audio only from the caller as an error naming the direction that is missing', () => {
    const r = run(callFlow({ at: 0, callId: 'oneway' }), [stream(CALLER_MEDIA, CALLEE_MEDIA, 500)]);
    expect(r.media?.calls[0]?.verdict).toBe('one-way-out');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'rtp.audio', severity: 'error' });
    expect(r.findings[0]?.title).toBe(
      "Call oneway: one-way audio — the caller's RTP reached 203.0.113.50:30000 (500 packets) but none came back to 192.0.2.10:40000",
    );
    // The evidence is the SDP line of each side.
    expect(r.findings[0]?.evidence.map((e) => e.text)).toEqual([
      'c=IN IP4 192.0.2.10',
      'c=IN IP4 203.0.113.50',
      'SIP/2.0 200 OK',
    ]);
  });

  it('says why when the side that hears nothing announced a private address', () => {
    const r = run(callFlow({ at: 0, callId: 'nat', callerSdp: sdp('10.0.0.5', 40000) }), [
      stream({ address: '192.0.2.10', port: 40000 }, CALLEE_MEDIA, 300),
    ]);
    const audio = r.findings.find((f) => f.rule === 'rtp.audio');
    expect(audio?.severity).toBe('error');
    expect(audio?.explanation).toContain('10.0.0.5:40000, a private (RFC 1918) address');
    // RTP from 192.0.2.10 though the caller's SDP said 10.0.0.5: SDP said X, RTP came from Y.
    const nat = r.findings.find((f) => f.rule === 'rtp.nat');
    expect(nat).toMatchObject({
      severity: 'warning',
      title: "Call nat: the caller's SDP said 10.0.0.5:40000, its RTP came from 192.0.2.10:40000",
    });
  });

  it('notes a NAT that symmetric RTP coped with as info only', () => {
    const seen = { address: '198.51.100.77', port: 61000 };
    const r = run(callFlow({ at: 0, callId: 'latched' }), [
      stream(seen, CALLEE_MEDIA, 400, 1),
      stream(CALLEE_MEDIA, seen, 400, 2),
    ]);
    expect(r.media?.calls[0]?.verdict).toBe('two-way');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'rtp.nat', severity: 'info' });
  });

  it('an answered call with RTP nowhere near it is a note that the capture misses its media path', () => {
    const other = stream(
      { address: '198.51.100.5', port: 20000 },
      { address: '198.51.100.6', port: 20002 },
      50,
    );
    const r = run(callFlow({ at: 0, callId: 'mute' }), [other]);
    expect(r.media?.calls[0]?.verdict).toBe('none');
    expect(r.media?.unmatched).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'rtp.audio', severity: 'info' });
    expect(r.findings[0]?.title).toBe(
      'Call mute: none of its RTP is in this capture (its media, 192.0.2.10:40000 ↔ 203.0.113.50:30000, passes elsewhere)',
    );
    expect(r.findings[0]?.explanation).toContain('where this call');
  });

  it('a capture without any RTP says audio cannot be judged; a text log (no streams given) says nothing', () => {
    const r = run(callFlow({ at: 0, callId: 'sip-only' }), []);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'rtp.audio', severity: 'info' });
    expect(r.findings[0]?.title).toContain('holds no RTP');
    expect(run(callFlow({ at: 0, callId: 'log' }), undefined).findings).toEqual([]);
  });

  it('does not judge calls that were never answered', () => {
    const r = run(callFlow({ at: 0, callId: 'busy', finalStatus: [486, 'Busy Here'] }), [
      stream(CALLER_MEDIA, CALLEE_MEDIA, 5),
    ]);
    expect(r.findings.filter((f) => f.rule === 'rtp.audio')).toEqual([]);
  });
});
