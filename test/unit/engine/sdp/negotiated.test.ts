import { describe, expect, it } from 'vitest';
import { buildAnswer } from '../../../../electron/engine/sdp/build-answer';
import { buildOffer } from '../../../../electron/engine/sdp/build-offer';
import { negotiated } from '../../../../electron/engine/sdp/negotiated';
import { parseSdp } from '../../../../electron/engine/sdp/parse-sdp';
import { SdpNegotiationError } from '../../../../electron/engine/sdp/sdp-negotiation-error';

const ourOffer = parseSdp(buildOffer({ address: '192.0.2.10', port: 40000 }));

function answer(...lines: string[]): ReturnType<typeof parseSdp> {
  return parseSdp(['v=0', 'o=- 7 7 IN IP4 198.51.100.7', 's=-', 't=0 0', ...lines, ''].join('\r\n'));
}

describe('negotiated', () => {
  it('gives the offerer the answer’s codec, DTMF type and address', () => {
    const result = negotiated(
      ourOffer,
      answer(
        'c=IN IP4 198.51.100.7',
        'm=audio 31000 RTP/AVP 8 101',
        'a=rtpmap:101 telephone-event/8000',
        'a=ptime:20',
      ),
    );
    expect(result).toEqual({
      codec: { name: 'PCMA', payloadType: 8, clockRate: 8000 },
      dtmfPayloadType: 101,
      remote: { address: '198.51.100.7', port: 31000 },
      direction: 'sendrecv',
      remotePtimeMs: 20,
    });
  });

  it('gives the answerer the offer’s address, from the same exchange', () => {
    const offer = parseSdp(buildOffer({ address: '203.0.113.9', port: 22000 }));
    const ours = parseSdp(buildAnswer(offer, { address: '192.0.2.50', port: 30000, supported: ['PCMU'] }));
    const result = negotiated(offer, ours, 'answerer');
    expect(result.remote).toEqual({ address: '203.0.113.9', port: 22000 });
    expect(result.codec.name).toBe('PCMU');
    expect(result.dtmfPayloadType).toBe(101);
  });

  it('prefers a media-level c= over the session-level one', () => {
    const result = negotiated(
      ourOffer,
      answer('c=IN IP4 198.51.100.7', 'm=audio 31000 RTP/AVP 0', 'c=IN IP4 198.51.100.99'),
    );
    expect(result.remote.address).toBe('198.51.100.99');
  });

  it('reads the far side’s direction from our side: its recvonly means we only send', () => {
    expect(
      negotiated(ourOffer, answer('c=IN IP4 198.51.100.7', 'm=audio 31000 RTP/AVP 0', 'a=recvonly'))
        .direction,
    ).toBe('sendonly');
  });

  it('treats c=0.0.0.0 as hold: we must not send', () => {
    const result = negotiated(ourOffer, answer('c=IN IP4 0.0.0.0', 'm=audio 31000 RTP/AVP 0'));
    expect(result.direction).toBe('recvonly');
  });

  it('fails clearly when the answer rejects audio, picks an unoffered codec or lacks an address', () => {
    expect(() => negotiated(ourOffer, answer('c=IN IP4 198.51.100.7', 'm=audio 0 RTP/AVP 0'))).toThrow(
      'the answer rejected the audio stream (m=audio with port 0)',
    );
    const pcmaOnly = parseSdp(buildOffer({ address: '192.0.2.10', port: 40000, codecs: ['PCMA'] }));
    expect(() => negotiated(pcmaOnly, answer('c=IN IP4 198.51.100.7', 'm=audio 31000 RTP/AVP 0'))).toThrow(
      /chose PCMU\/8000 \(0\), which the offer did not list/,
    );
    expect(() => negotiated(ourOffer, answer('m=audio 31000 RTP/AVP 0'))).toThrow(/no c= address/);
    expect(() => negotiated(ourOffer, answer('c=IN IP4 198.51.100.7', 'm=audio 31000 RTP/AVP 18'))).toThrow(
      SdpNegotiationError,
    );
    expect(() =>
      negotiated(
        ourOffer,
        answer('c=IN IP4 198.51.100.7', 'm=audio 31000 RTP/AVP 0', 'm=video 0 RTP/AVP 96'),
      ),
    ).toThrow(/2 media line\(s\) but the offer had 1/);
  });
});
