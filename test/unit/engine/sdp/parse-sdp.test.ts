import { describe, expect, it } from 'vitest';
import { parseSdp } from '../../../../electron/engine/sdp/parse-sdp';

// A typical Asterisk-style offer with LF line ends, a video line and vendor attributes.
const PBX_OFFER = [
  'v=0',
  'o=- 1680000000 1680000001 IN IP4 203.0.113.5',
  's=Asterisk',
  'c=IN IP4 203.0.113.5',
  'b=AS:64',
  't=0 0',
  'a=sendrecv',
  'm=audio 12000 RTP/AVP 18 0 97 101',
  'a=rtpmap:97 opus/48000/2',
  'a=fmtp:97 useinbandfec=1',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:30',
  'a=rtcp:12001',
  'a=x-vendor-thing',
  'm=video 0 RTP/AVP 96',
  'c=IN IP4 198.51.100.9',
  'a=inactive',
  '',
].join('\n');

describe('parseSdp', () => {
  it('reads session and media lines from an LF-only PBX offer', () => {
    const sdp = parseSdp(PBX_OFFER);
    expect(sdp.problems).toEqual([]);
    expect(sdp.version).toBe(0);
    expect(sdp.origin).toEqual({
      username: '-',
      sessionId: '1680000000',
      sessionVersion: '1680000001',
      netType: 'IN',
      addrType: 'IP4',
      address: '203.0.113.5',
    });
    expect(sdp.sessionName).toBe('Asterisk');
    expect(sdp.media).toHaveLength(2);
    const [audio, video] = sdp.media;
    expect(audio?.payloads).toEqual([18, 0, 97, 101]);
    expect(audio?.rtpmap.get(97)).toEqual({ encoding: 'opus', clock: 48000, channels: 2 });
    expect(audio?.fmtp.get(101)).toBe('0-15');
    expect(audio?.ptime).toBe(30);
    expect(audio?.rtcpPort).toBe(12001);
    expect(audio?.attributes.map((a) => a.name)).toContain('x-vendor-thing');
    expect(audio?.connection).toBeUndefined();
    expect(video).toMatchObject({ type: 'video', port: 0, direction: 'inactive' });
    expect(video?.connection).toEqual({ address: '198.51.100.9', family: 'IP4' });
  });

  it('applies the session-level direction to media that do not say otherwise', () => {
    const sdp = parseSdp('v=0\r\nc=IN IP4 192.0.2.1\r\na=sendonly\r\nm=audio 4000 RTP/AVP 0\r\n');
    expect(sdp.direction).toBe('sendonly');
    expect(sdp.media[0]?.direction).toBe('sendonly');
  });

  it('keeps going past garbage lines and reports each one with its line number', () => {
    const sdp = parseSdp(
      [
        'v=0',
        'this is not sdp',
        'c=IN IP4 192.0.2.1',
        'm=audio notaport RTP/AVP 0',
        'a=rtpmap:0 PCMU/8000',
        'm=audio 5000 RTP/AVP 0 8',
        'a=rtpmap:8 PCMA',
        'a=ptime:soon',
        'c=IN IPX 192.0.2.99',
        'q=what',
        '  a=rtpmap:0 PCMU/8000  ',
      ].join('\r\n'),
    );
    expect(sdp.problems).toHaveLength(6);
    expect(sdp.problems[0]).toMatch(/^line 2: "this is not sdp"/);
    expect(sdp.problems[1]).toMatch(/^line 4: .*bad port/);
    expect(sdp.problems[2]).toMatch(/^line 7: .*bad rtpmap/);
    expect(sdp.problems[3]).toMatch(/^line 8: .*bad ptime/);
    expect(sdp.problems[4]).toMatch(/^line 9: .*unknown address type/);
    expect(sdp.problems[5]).toMatch(/^line 10: .*unknown line type "q"/);
    // The broken m= line's attributes are dropped with it, not glued onto another stream.
    expect(sdp.media).toHaveLength(1);
    expect(sdp.media[0]?.port).toBe(5000);
    expect([...(sdp.media[0]?.rtpmap.keys() ?? [])]).toEqual([0]);
    expect(sdp.connection?.address).toBe('192.0.2.1');
  });

  it('reads IPv6 connections and strips an IPv4 multicast TTL', () => {
    expect(parseSdp('c=IN IP6 2001:db8::1\r\n').connection).toEqual({
      address: '2001:db8::1',
      family: 'IP6',
    });
    expect(parseSdp('c=IN IP4 233.252.0.1/127\r\n').connection?.address).toBe('233.252.0.1');
  });

  it('returns an empty description for empty input rather than throwing', () => {
    const sdp = parseSdp('');
    expect(sdp.media).toEqual([]);
    expect(sdp.problems).toEqual([]);
  });
});
