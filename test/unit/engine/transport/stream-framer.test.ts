import { describe, expect, it } from 'vitest';
import { StreamFramer } from '../../../../electron/engine/transport/stream-framer';

const msg = (body: string): string =>
  `OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('StreamFramer (RFC 3261 §18.3)', () => {
  it('splits messages by Content-Length across arbitrary chunk boundaries', () => {
    const out: string[] = [];
    const framer = new StreamFramer({
      message: (b) => out.push(b.toString()),
      garbage: () => out.push('garbage'),
    });
    const stream = Buffer.from(`\r\n\r\n${msg('hello')}${msg('')}${msg('v=0\r\n')}`);
    for (let i = 0; i < stream.length; i += 7) framer.push(stream.subarray(i, i + 7));
    expect(out).toEqual([msg('hello'), msg(''), msg('v=0\r\n')]);
  });

  it('reports a message without Content-Length and a truncated tail as garbage', () => {
    const bad: string[] = [];
    const framer = new StreamFramer({ message: () => undefined, garbage: (_b, why) => bad.push(why) });
    framer.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n'));
    expect(bad[0]).toMatch(/no Content-Length/);
    const framer2 = new StreamFramer({ message: () => undefined, garbage: (_b, why) => bad.push(why) });
    framer2.push(Buffer.from(msg('0123456789').slice(0, -3)));
    framer2.end();
    expect(bad[1]).toMatch(/closed mid-message/);
  });
});
