import { describe, expect, it } from 'vitest';
import { buildAnswer } from '../../../../electron/engine/sdp/build-answer';
import { parseSdp } from '../../../../electron/engine/sdp/parse-sdp';
import { SdpNegotiationError } from '../../../../electron/engine/sdp/sdp-negotiation-error';

const ME = { address: '192.0.2.50', port: 30000, supported: ['PCMU', 'PCMA', 'G722'] as const };

function offer(mLine: string, ...attrs: string[]): string {
  return [
    'v=0',
    'o=- 1 1 IN IP4 198.51.100.7',
    's=-',
    'c=IN IP4 198.51.100.7',
    't=0 0',
    mLine,
    ...attrs,
    '',
  ].join('\r\n');
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('buildAnswer', () => {
  it('answers with the first offered codec we support and echoes telephone-event', () => {
    const answer = parseSdp(
      buildAnswer(
        parseSdp(
          offer('m=audio 31000 RTP/AVP 18 8 0 96', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-15'),
        ),
        ME,
      ),
    );
    expect(answer.problems).toEqual([]);
    expect(answer.connection?.address).toBe('192.0.2.50');
    const [audio] = answer.media;
    expect(audio?.port).toBe(30000);
    // G.729 (18) comes first in the offer but we cannot send it; PCMA is next.
    expect(audio?.payloads).toEqual([8, 96]);
    expect(audio?.rtpmap.get(8)).toEqual({ encoding: 'PCMA', clock: 8000 });
    expect(audio?.rtpmap.get(96)).toEqual({ encoding: 'telephone-event', clock: 8000 });
    expect(audio?.fmtp.get(96)).toBe('0-15');
    expect(audio?.direction).toBe('sendrecv');
  });

  it('follows the offerer’s order, not ours', () => {
    const answer = parseSdp(buildAnswer(parseSdp(offer('m=audio 31000 RTP/AVP 9 0')), ME));
    expect(answer.media[0]?.payloads).toEqual([9]);
  });

  it('only picks what the caller supports', () => {
    const answer = parseSdp(
      buildAnswer(parseSdp(offer('m=audio 31000 RTP/AVP 9 0')), { ...ME, supported: ['PCMU'] }),
    );
    expect(answer.media[0]?.payloads).toEqual([0]);
  });

  it('leaves telephone-event out when it was not offered', () => {
    const answer = parseSdp(buildAnswer(parseSdp(offer('m=audio 31000 RTP/AVP 0')), ME));
    expect(answer.media[0]?.payloads).toEqual([0]);
  });

  it('mirrors a sendonly offer as recvonly (RFC 3264 §6.1)', () => {
    const answer = parseSdp(buildAnswer(parseSdp(offer('m=audio 31000 RTP/AVP 0', 'a=sendonly')), ME));
    expect(answer.media[0]?.direction).toBe('recvonly');
  });

  it('rejects extra streams with port 0 and keeps one answer line per offer line', () => {
    const text = buildAnswer(
      parseSdp(offer('m=audio 31000 RTP/AVP 0', 'm=video 31002 RTP/AVP 96', 'a=rtpmap:96 H264/90000')),
      ME,
    );
    const answer = parseSdp(text);
    expect(answer.media.map((m) => `${m.type} ${m.port}`)).toEqual(['audio 30000', 'video 0']);
    expect(text).toContain('m=video 0 RTP/AVP 96\r\n');
  });

  it('throws a 488 error naming what was offered when no codec matches', () => {
    const err = catchError(() =>
      buildAnswer(parseSdp(offer('m=audio 31000 RTP/AVP 18 3', 'a=rtpmap:18 G729/8000')), ME),
    );
    expect(err).toBeInstanceOf(SdpNegotiationError);
    expect((err as SdpNegotiationError).status).toBe(488);
    expect((err as Error).message).toBe(
      'no codec in common: the offer lists G729/8000 (18), GSM/8000 (3); we can send PCMU, PCMA, G722',
    );
  });

  it('refuses SRTP offers and offers without an active audio stream', () => {
    expect(() => buildAnswer(parseSdp(offer('m=audio 31000 RTP/SAVP 0')), ME)).toThrow(/SRTP/);
    expect(() => buildAnswer(parseSdp(offer('m=audio 0 RTP/AVP 0')), ME)).toThrow(/no active audio stream/);
    expect(() => buildAnswer(parseSdp(offer('m=video 31000 RTP/AVP 96')), ME)).toThrow(SdpNegotiationError);
  });
});
