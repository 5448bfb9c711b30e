// What counts as SIP: a payload that starts with a request or status line (any port), and
// whatever a configured SIP port carries; keep-alives, STUN and TLS are counted, not imported.
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { checkStartLine } from '../../../../electron/import/pcap/sip-start';
import { writePcap } from './capture-writer';
import { bytesOf, sipMessage, udpFrame, type FlowOptions } from './packet-builder';

const OPTIONS = sipMessage('OPTIONS sip:pbx.example.com SIP/2.0');
const OK = sipMessage('SIP/2.0 200 OK');

function read(packets: readonly [string | Uint8Array, FlowOptions][], opts?: Parameters<typeof readPcap>[1]) {
  return readPcap(
    writePcap(
      packets.map(([payload, flow]) => ({ data: udpFrame(payload, flow) })),
      { linkType: 1 },
    ),
    opts,
  );
}

const rtp = Buffer.from([
  0x80,
  0x00,
  0x12,
  0x34,
  0,
  0,
  0,
  160,
  1,
  2,
  3,
  4,
  ...new Array<number>(160).fill(0xff),
]);
const stun = Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, ...new Array<number>(12).fill(7)]);

describe('readPcap: which UDP payloads are SIP', () => {
  it('finds SIP on any port by its first line, and skips RTP on the same ports', () => {
    const result = read([
      [OPTIONS, { srcPort: 40123, dstPort: 34567 }],
      [rtp, { srcPort: 40123, dstPort: 34567 }],
      [OK, { srcPort: 34567, dstPort: 40123 }],
    ]);
    expect(result.messages.map((m) => m.text)).toEqual([OPTIONS, OK]);
    expect(result.skipped).toEqual([{ reason: 'UDP, not SIP', count: 1 }]);
  });

  it('imports whatever a SIP port carries, even when it does not start like SIP', () => {
    const damaged = 'OPTIONS sip:pbx.example.com SIP/2\r\nVia: x\r\n\r\n';
    const result = read([
      [damaged, { srcPort: 40000, dstPort: 5060 }],
      [damaged, { srcPort: 40000, dstPort: 7000 }],
    ]);
    expect(result.messages.map((m) => [m.text, m.dst?.port])).toEqual([[damaged, 5060]]);
  });

  it('uses the configured SIP ports instead of 5060', () => {
    const damaged = 'garbage';
    const result = read(
      [
        [damaged, { dstPort: 5060 }],
        [damaged, { dstPort: 5080 }],
      ],
      { sipPorts: [5080] },
    );
    expect(result.messages.map((m) => m.dst?.port)).toEqual([5080]);
  });

  it('drops blank lines before the start line (RFC 3261 §7.5)', () => {
    expect(read([[`\r\n${OPTIONS}`, { dstPort: 40000 }]]).messages[0]?.text).toBe(OPTIONS);
  });

  it('keeps keep-alives as they were (CRLF on any port; NUL, blanks, words, STUN on a SIP port)', () => {
    const result = read([
      ['\r\n\r\n', { dstPort: 5060 }],
      ['\r\n', { srcPort: 40002, dstPort: 40000 }],
      [Buffer.alloc(4), { dstPort: 5060 }],
      ['     ', { dstPort: 5060 }],
      ['hello', { dstPort: 5060 }],
      [stun, { dstPort: 5060 }],
      [OPTIONS, { dstPort: 5060 }],
      // Off a SIP port the same bytes are someone else's: STUN for ICE on a media port, data.
      [stun, { srcPort: 40002, dstPort: 40000 }],
      ['hello', { srcPort: 40002, dstPort: 40000 }],
    ]);
    expect(result.messages.map((m) => m.text)).toEqual([
      '\r\n\r\n',
      '\r\n',
      '\0\0\0\0',
      '     ',
      'hello',
      stun.toString('latin1'),
      OPTIONS,
    ]);
    expect(result.skipped).toEqual([
      { reason: 'STUN (keep-alive or NAT discovery)', count: 1 },
      { reason: 'UDP, not SIP', count: 1 },
    ]);
  });

  it('keeps keep-alives between ports that carried SIP, whatever their numbers', () => {
    const result = read([
      ['hello', { srcPort: 40010, dstPort: 40020 }],
      [OPTIONS, { srcPort: 40010, dstPort: 40020 }],
      ['     ', { srcPort: 40010, dstPort: 40020 }],
      ['hello', { srcPort: 40020, dstPort: 40010 }],
    ]);
    // The first "hello" came before any SIP on those ports: nothing said it was SIP's.
    expect(result.messages.map((m) => m.text)).toEqual([OPTIONS, '     ', 'hello']);
    expect(result.skipped).toEqual([{ reason: 'UDP, not SIP', count: 1 }]);
  });

  it('skips what a TLS port carries unless it is plain SIP', () => {
    const dtls = Buffer.from([
      0x16,
      0xfe,
      0xfd,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0x10,
      ...new Array<number>(16).fill(1),
    ]);
    const result = read([
      [dtls, { dstPort: 5061 }],
      [OPTIONS, { dstPort: 5061 }],
    ]);
    expect(result.messages.map((m) => m.text)).toEqual([OPTIONS]);
    expect(result.skipped).toEqual([{ reason: 'TLS-encrypted (port 5061): not readable', count: 1 }]);
  });

  it('takes TLS ports from the options', () => {
    const result = read([['\u0017\u0003\u0003\u0000\u0010 encrypted bytes', { dstPort: 5071 }]], {
      sipPorts: [5070, 5071],
      tlsPorts: [5071],
    });
    expect(result.skipped).toEqual([{ reason: 'TLS-encrypted (port 5071): not readable', count: 1 }]);
  });

  it('keeps every byte of the message as latin1 text', () => {
    const body = Buffer.from([0xc3, 0xa9, 0x00, 0xff, 0x0d, 0x0a]);
    const message = Buffer.concat([
      bytesOf(`MESSAGE sip:bob@example.com SIP/2.0\r\nContent-Length: ${body.length}\r\n\r\n`),
      body,
    ]);
    const text = read([[message, { dstPort: 5060 }]]).messages[0]?.text ?? '';
    expect(Buffer.from(text, 'latin1').equals(message)).toBe(true);
  });
});

describe('checkStartLine', () => {
  const check = (text: string) => {
    const b = bytesOf(text);
    return checkStartLine(b, 0, b.length);
  };

  it('accepts request and status lines', () => {
    expect(check('INVITE sip:bob@example.com SIP/2.0\r\n')).toBe('sip');
    expect(check('X-CUSTOM-METHOD sip:bob@example.com SIP/2.0\n')).toBe('sip');
    expect(check('REGISTER sips:example.com sip/2.0\r\n')).toBe('sip');
    expect(check('SIP/2.0 180 Ringing\r\n')).toBe('sip');
    expect(check('SIP/2.0 200\r\n')).toBe('sip');
  });

  it('rejects other protocols and lines without a Request-URI or a status code', () => {
    expect(check('GET / HTTP/1.1\r\n')).toBe('not-sip');
    expect(check('HTTP/1.1 200 OK\r\n')).toBe('not-sip');
    expect(check('SIP/2.0 20 OK\r\n')).toBe('not-sip');
    expect(check('SIP/2.0OK\r\n')).toBe('not-sip');
    expect(check('INVITE SIP/2.0\r\n')).toBe('not-sip');
    expect(check('\u0080\u0000binary')).toBe('not-sip');
  });

  it('takes the start lines RFC 4475 §3.1.2 tortures as SIP, for the linter to flag', () => {
    expect(check('SIP/3.0 200 OK\r\n')).toBe('sip'); // badvers
    expect(check('SIP/2.0 2000 OK\r\n')).toBe('sip'); // bigcode
    expect(check('OPTIONS sip:bob@example.com SIP/2.0  \r\n')).toBe('sip'); // trws
    expect(check('INVITE  sip:bob@example.com  SIP/2.0\r\n')).toBe('sip'); // lwsstart
    expect(check('INVITE sip:bob@example.com; lr SIP/2.0\r\n')).toBe('sip'); // lwsruri
  });

  it('says when the first line is not complete yet', () => {
    expect(check('INVITE sip:bob@exa')).toBe('incomplete');
    expect(check('')).toBe('incomplete');
  });
});
