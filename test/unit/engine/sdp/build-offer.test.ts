import { describe, expect, it } from 'vitest';
import { buildOffer } from '../../../../electron/engine/sdp/build-offer';
import { parseSdp } from '../../../../electron/engine/sdp/parse-sdp';

describe('buildOffer', () => {
  it('offers PCMU, PCMA, G722 and telephone-event on one audio line, CRLF-terminated', () => {
    const text = buildOffer({ address: '192.0.2.10', port: 40000, sessionId: '4242' });
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(lines.slice(0, -1)).toEqual([
      'v=0',
      'o=sipkit 4242 1 IN IP4 192.0.2.10',
      's=SIP Field Kit',
      'c=IN IP4 192.0.2.10',
      't=0 0',
      'm=audio 40000 RTP/AVP 0 8 9 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:9 G722/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=sendrecv',
    ]);
  });

  it('uses IP6 for an IPv6 address and honours a codec list', () => {
    const text = buildOffer({ address: '2001:db8::5', port: 5004, codecs: ['PCMA'], dtmf: false });
    expect(text).toContain('c=IN IP6 2001:db8::5\r\n');
    expect(text).toContain('m=audio 5004 RTP/AVP 8\r\n');
    expect(text).not.toContain('telephone-event');
  });

  it('round-trips through the parser with nothing lost', () => {
    const parsed = parseSdp(buildOffer({ address: '192.0.2.10', port: 40000 }));
    expect(parsed.problems).toEqual([]);
    expect(parsed.connection).toEqual({ address: '192.0.2.10', family: 'IP4' });
    const [audio] = parsed.media;
    expect(audio).toMatchObject({ type: 'audio', port: 40000, proto: 'RTP/AVP', payloads: [0, 8, 9, 101] });
    expect(audio?.rtpmap.get(9)).toEqual({ encoding: 'G722', clock: 8000 });
    expect(audio?.rtpmap.get(101)).toEqual({ encoding: 'telephone-event', clock: 8000 });
    expect(audio?.fmtp.get(101)).toBe('0-16');
    expect(audio?.ptime).toBe(20);
    expect(audio?.direction).toBe('sendrecv');
  });

  it('makes a fresh session id per offer when none is given', () => {
    const a = parseSdp(buildOffer({ address: '192.0.2.10', port: 4000 })).origin?.sessionId;
    const b = parseSdp(buildOffer({ address: '192.0.2.10', port: 4000 })).origin?.sessionId;
    expect(a).toMatch(/^\d+$/);
    expect(a).not.toBe(b);
  });
});
