// Keep-alives on a SIP flow are told apart from SIP and from broken SIP by their bytes alone.
import { describe, expect, it } from 'vitest';
import { classifyKeepAlive, keepAliveOfText } from '../../../../shared/sip/keep-alive';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** A STUN Binding request (RFC 8489 §5) with one 8-byte attribute. */
const stunBinding = Uint8Array.from([
  0x00,
  0x01,
  0x00,
  0x08,
  0x21,
  0x12,
  0xa4,
  0x42,
  ...new Array<number>(12).fill(9),
  0x80,
  0x22,
  0x00,
  0x04,
  0x74,
  0x65,
  0x73,
  0x74,
]);

describe('classifyKeepAlive', () => {
  it('names RFC 5626 §4.4.1 ping and pong, and other runs of line ends', () => {
    expect(keepAliveOfText('\r\n\r\n')).toBe('ping');
    expect(keepAliveOfText('\r\n')).toBe('pong');
    expect(keepAliveOfText('\n\n\n')).toBe('crlf');
  });

  it("names X-Lite's five spaces, NUL bytes and a vendor's word", () => {
    expect(keepAliveOfText('     ')).toBe('spaces');
    expect(keepAliveOfText('\0\0\0\0')).toBe('nul');
    expect(keepAliveOfText('hello')).toBe('word');
    expect(keepAliveOfText('jaK\r\n')).toBe('word');
  });

  it('names a STUN Binding whose length matches, in place within a larger buffer', () => {
    const framed = new Uint8Array([1, 2, 3, ...stunBinding, 4]);
    expect(classifyKeepAlive(framed, 3, 3 + stunBinding.length)).toBe('stun');
    // The length field says 8 bytes of attributes: a datagram of another size is not that message.
    expect(classifyKeepAlive(stunBinding, 0, stunBinding.length - 4)).toBeUndefined();
  });

  it('never takes SIP, a message cut short or binary data for a keep-alive', () => {
    for (const text of [
      'OPTIONS sip:a@example.com SIP/2.0\r\n\r\n',
      'INVITE',
      'SIP',
      'hello world',
      ' hello',
      'hello\0x',
      '\x80\x00\x12\x34',
      '',
      'x'.repeat(17),
      '\r\n'.repeat(300),
    ]) {
      expect(keepAliveOfText(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(classifyKeepAlive(bytes('REGISTER sip:x SIP/2.0'))).toBeUndefined();
  });

  it('leaves the tolerant parser nothing to report about a keep-alive', () => {
    for (const text of ['     ', 'hello', '\r\n\r\n', '\0\0'])
      expect(parseSipText(text).problems).toEqual([]);
    expect(parseSipText('INVITE').problems.length).toBeGreaterThan(0);
  });
});
