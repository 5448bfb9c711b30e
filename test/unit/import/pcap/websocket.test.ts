// SIP over WebSocket (RFC 7118) in a TCP capture: the HTTP Upgrade on any port, masked client
// frames and unmasked server frames, messages fragmented over continuation frames with control
// frames between, several messages per segment and one frame across segments, a capture that
// starts after the handshake.
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { webSocketHandshake } from '../../../../electron/import/pcap/websocket-frames';
import { writePcap } from './capture-writer';
import { wsFragmented, wsFrame } from './encapsulate';
import { bytesOf, sipMessage, TCP_ACK, TCP_SYN, tcpFrame } from './packet-builder';

const REGISTER = sipMessage('REGISTER sip:example.com SIP/2.0', '', [
  'Contact: <sip:a@df7jal23ls0d.invalid;transport=ws>',
]);
const OK = sipMessage('SIP/2.0 200 OK');
const MASK = [0x37, 0xfa, 0x21, 0x3d] as const;
const UPGRADE =
  'GET /ws HTTP/1.1\r\nHost: example.com:8443\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: sip\r\nSec-WebSocket-Version: 13\r\n\r\n';
const SWITCHING =
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: sip\r\n\r\n';

const client = { src: '192.0.2.7', dst: '192.0.2.1', srcPort: 50123, dstPort: 8443 };
const server = { src: '192.0.2.1', dst: '192.0.2.7', srcPort: 8443, dstPort: 50123 };

function read(frames: Buffer[]) {
  return readPcap(
    writePcap(
      frames.map((data) => ({ data })),
      { linkType: 1 },
    ),
  );
}

/** One TCP direction: segments of `data` cut at `cuts`, starting after a SYN at `isn`. */
function segments(flow: typeof client, isn: number, data: Buffer, cuts: readonly number[]): Buffer[] {
  const out = [tcpFrame(isn, '', flow, TCP_SYN | (flow === server ? TCP_ACK : 0))];
  const points = [0, ...cuts, data.length];
  for (let i = 0; i + 1 < points.length; i++) {
    out.push(tcpFrame(isn + 1 + points[i]!, data.subarray(points[i], points[i + 1]), flow));
  }
  return out;
}

describe('SIP over WebSocket', () => {
  it('tells the two sides of an HTTP Upgrade', () => {
    expect(webSocketHandshake(bytesOf(UPGRADE))).toBe('request');
    expect(webSocketHandshake(bytesOf(SWITCHING))).toBe('response');
    expect(webSocketHandshake(bytesOf('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBeUndefined();
  });

  it('reads masked, fragmented client messages and unmasked server ones on port 8443', () => {
    const fromClient = Buffer.concat([
      bytesOf(UPGRADE),
      wsFragmented(bytesOf(REGISTER), 3, MASK),
      wsFrame(bytesOf(''), { opcode: 9, mask: MASK }), // ping
      wsFrame(bytesOf(REGISTER.replace('REGISTER sip', 'OPTIONS sip')), { mask: MASK }),
    ]);
    const fromServer = Buffer.concat([bytesOf(SWITCHING), wsFrame(bytesOf(OK)), wsFrame(bytesOf(OK))]);
    // The handshake and first fragment share a segment; the second frame is cut across two.
    const r = read([
      ...segments(client, 1000, fromClient, [UPGRADE.length + 40, UPGRADE.length + 200]),
      ...segments(server, 5000, fromServer, [SWITCHING.length + 1]),
    ]);
    expect(r.messages.map((m) => m.text.split('\r\n')[0])).toEqual([
      'REGISTER sip:example.com SIP/2.0',
      'OPTIONS sip:example.com SIP/2.0',
      'SIP/2.0 200 OK',
      'SIP/2.0 200 OK',
    ]);
    expect(r.messages[0]?.text).toBe(REGISTER);
    expect(r.messages[0]?.src).toEqual({ address: '192.0.2.7', port: 50123 });
    expect(r.messages[2]?.transport).toBe('tcp');
  });

  it('reads frames of a connection whose handshake is not in the capture', () => {
    const r = read([tcpFrame(777, wsFrame(bytesOf(REGISTER), { mask: MASK }), client)]);
    expect(r.messages.map((m) => m.text)).toEqual([REGISTER]);
  });

  it('counts non-SIP messages and survives a frame that claims 2^40 bytes', () => {
    const huge = Buffer.from([0x81, 0x7f, 0, 0, 1, 0, 0, 0, 0, 0]);
    const r = read([
      ...segments(
        client,
        1,
        Buffer.concat([
          bytesOf(UPGRADE),
          wsFrame(bytesOf('{"json":1}'), { mask: MASK }),
          huge,
          bytesOf('x'.repeat(50)),
        ]),
        [UPGRADE.length, UPGRADE.length + 16],
      ),
    ]);
    expect(r.messages).toEqual([]);
    expect(r.skipped).toContainEqual({ reason: 'WebSocket message, not SIP', count: 1 });
    expect(r.skipped).toContainEqual({ reason: 'WebSocket handshake (HTTP Upgrade)', count: 1 });
  });
});
