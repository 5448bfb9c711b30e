// SIP over TCP: reassembly per direction by sequence number (RFC 793), retransmissions dropped,
// early segments held, gaps survived; framing by Content-Length (RFC 3261 §18.3).
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { writePcap } from './capture-writer';
import { bytesOf, sipMessage, tcpFrame, TCP_ACK, TCP_SYN, type FlowOptions } from './packet-builder';

const TS = 1_750_000_000_000_000;
const INVITE = sipMessage('INVITE sip:bob@example.com SIP/2.0', 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n');
const RINGING = sipMessage('SIP/2.0 180 Ringing');
const OK = sipMessage('SIP/2.0 200 OK', 'v=0\r\n');
const ACK = sipMessage('ACK sip:bob@example.com SIP/2.0');

const CLIENT: FlowOptions = { src: '198.51.100.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 5060 };
const SERVER: FlowOptions = { src: '198.51.100.2', dst: '198.51.100.1', srcPort: 5060, dstPort: 40000 };

/** One direction of a connection: hands out frames and keeps the sequence number. */
class Sender {
  constructor(
    private readonly flow: FlowOptions,
    public seq: number,
  ) {}

  syn(): Buffer {
    const frame = tcpFrame(this.seq, '', this.flow, TCP_SYN | (this.flow === SERVER ? TCP_ACK : 0));
    this.seq = (this.seq + 1) >>> 0;
    return frame;
  }

  send(text: string): Buffer {
    const frame = tcpFrame(this.seq, text, this.flow);
    this.seq = (this.seq + bytesOf(text).length) >>> 0;
    return frame;
  }

  /** A segment at an explicit sequence number (retransmission, overlap), seq unchanged. */
  at(seq: number, text: string): Buffer {
    return tcpFrame(seq >>> 0, text, this.flow);
  }

  ack(): Buffer {
    return tcpFrame(this.seq, '', this.flow, TCP_ACK);
  }
}

function read(frames: readonly Buffer[], opts?: Parameters<typeof readPcap>[1]) {
  return readPcap(
    writePcap(
      frames.map((data, i) => ({ data, tsMicros: TS + i })),
      { linkType: 1 },
    ),
    opts,
  );
}

function split(text: string, ...cuts: number[]): string[] {
  const points = [0, ...cuts, text.length];
  return points.slice(1).map((end, i) => text.slice(points[i], end));
}

const texts = (result: ReturnType<typeof read>): string[] => result.messages.map((m) => m.text);

describe('readPcap: SIP over TCP', () => {
  it('joins a message spread over several segments; it belongs to the packet that completed it', () => {
    const c = new Sender(CLIENT, 1000);
    const s = new Sender(SERVER, 5000);
    const [a = '', b = '', d = ''] = split(INVITE, 10, 100);
    const frames = [c.syn(), s.syn(), c.ack(), c.send(a), s.ack(), c.send(b), c.send(d), s.send(RINGING)];
    const result = read(frames);
    expect(result.messages).toEqual([
      {
        tsMicros: TS + 6,
        transport: 'tcp',
        src: { address: '198.51.100.1', port: 40000 },
        dst: { address: '198.51.100.2', port: 5060 },
        text: INVITE,
        sourceLine: 7,
      },
      expect.objectContaining({ text: RINGING, sourceLine: 8, src: { address: '198.51.100.2', port: 5060 } }),
    ]);
    expect(result.skipped).toEqual([{ reason: 'TCP segment without data (handshake, ACK, FIN)', count: 4 }]);
    expect(result.warnings).toEqual([]);
  });

  it('cuts several messages out of one segment, including one that goes on in the next', () => {
    const s = new Sender(SERVER, 5000);
    const [head = '', tail = ''] = split(OK, 20);
    const result = read([s.syn(), s.send(RINGING + RINGING + head), s.send(tail + RINGING)]);
    expect(result.messages.map((m) => [m.sourceLine, m.text])).toEqual([
      [2, RINGING],
      [2, RINGING],
      [3, OK],
      [3, RINGING],
    ]);
  });

  it('joins a 2 MB body from 1 400-byte segments, and headers that come a byte at a time', () => {
    const big = sipMessage('MESSAGE sip:bob@example.com SIP/2.0', 'x'.repeat(2_000_000));
    const c = new Sender(CLIENT, 1);
    const frames = [c.syn()];
    for (let at = 0; at < 400; at++) frames.push(c.send(big.slice(at, at + 1)));
    for (let at = 400; at < big.length; at += 1400) frames.push(c.send(big.slice(at, at + 1400)));
    frames.push(c.send(ACK));
    const result = read(frames);
    expect(texts(result)).toEqual([big, ACK]);
    // Linear work: copying the whole message so far at every segment would move 1.4 GB and run
    // past the time limit.
  }, 30_000);

  it('reads Content-Length in compact form, any case, with spaces around the colon', () => {
    const compact = 'MESSAGE sip:bob@example.com SIP/2.0\r\nCall-ID: x\r\nl : 5\r\n\r\nhello';
    const lower = 'MESSAGE sip:bob@example.com SIP/2.0\r\ncontent-LENGTH:3\r\n\r\nabc';
    const c = new Sender(CLIENT, 1);
    expect(texts(read([c.syn(), c.send(compact + lower + ACK)]))).toEqual([compact, lower, ACK]);
  });

  it('takes a missing Content-Length as an empty body, and accepts LF-only line ends', () => {
    const noLength = 'OPTIONS sip:bob@example.com SIP/2.0\r\nCall-ID: x\r\n\r\n';
    const lfOnly = 'OPTIONS sip:bob@example.com SIP/2.0\nCall-ID: y\nContent-Length: 2\n\nhi';
    const c = new Sender(CLIENT, 1);
    expect(texts(read([c.syn(), c.send(noLength + lfOnly + ACK)]))).toEqual([noLength, lfOnly, ACK]);
  });

  it('does not split a body that contains a status line (message/sipfrag)', () => {
    const notify = sipMessage('NOTIFY sip:alice@example.com SIP/2.0', 'SIP/2.0 200 OK\r\n', [
      'Event: refer',
      'Content-Type: message/sipfrag',
    ]);
    const c = new Sender(CLIENT, 1);
    expect(texts(read([c.syn(), ...split(notify, 200, 230).map((part) => c.send(part))]))).toEqual([notify]);
  });

  it('drops retransmitted segments and keeps only the new part of an overlapping one', () => {
    const c = new Sender(CLIENT, 1000);
    const syn = c.syn();
    const start = c.seq;
    const frames = [
      syn,
      c.at(start, INVITE.slice(0, 100)),
      c.at(start, INVITE.slice(0, 100)), // whole retransmission
      c.at(start + 50, INVITE.slice(50, 160)), // overlaps 50 old bytes, brings 60 new
      c.at(start + 160, INVITE.slice(160)),
      c.at(start, INVITE), // everything again, after the fact
    ];
    const result = read(frames);
    expect(texts(result)).toEqual([INVITE]);
    expect(result.skipped).toEqual([
      { reason: 'TCP segment without data (handshake, ACK, FIN)', count: 1 },
      { reason: 'TCP retransmission (data already seen)', count: 2 },
    ]);
  });

  it('holds segments that arrive early until the missing one comes', () => {
    const c = new Sender(CLIENT, 1000);
    const syn = c.syn();
    const [a = '', b = '', d = ''] = split(INVITE + ACK, 60, INVITE.length + 10);
    const first = c.send(a);
    const second = c.send(b);
    const third = c.send(d);
    const result = read([syn, third, second, first]);
    expect(result.messages.map((m) => [m.sourceLine, m.text])).toEqual([
      [4, INVITE],
      [4, ACK],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('follows sequence numbers across the 2^32 wrap', () => {
    const c = new Sender(CLIENT, 0xffffff00);
    expect(
      texts(read([c.syn(), c.send(INVITE.slice(0, 200)), c.send(INVITE.slice(200)), c.send(ACK)])),
    ).toEqual([INVITE, ACK]);
  });

  it('survives a lost segment: the message it cut is truncated, the stream resumes at the next', () => {
    const c = new Sender(CLIENT, 1000);
    const frames = [c.syn(), c.send(INVITE.slice(0, 80))];
    c.send(INVITE.slice(80, 160)); // never captured
    frames.push(c.send(INVITE.slice(160)), c.send(ACK), c.send(RINGING));
    const result = read(frames);
    expect(result.messages).toEqual([
      expect.objectContaining({ text: INVITE.slice(0, 80), truncated: true, sourceLine: 2 }),
      expect.objectContaining({ text: ACK, sourceLine: 4 }),
      expect.objectContaining({ text: RINGING, sourceLine: 5 }),
    ]);
    expect(result.messages[1]?.truncated).toBeUndefined();
    expect(result.warnings).toEqual([
      'TCP 198.51.100.1:40000 → 198.51.100.2:5060: 80 bytes missing from the capture in 1 gap(s); messages cut by a gap are marked truncated',
      `TCP 198.51.100.1:40000 → 198.51.100.2:5060: ${INVITE.length - 160} bytes outside any SIP message skipped`,
    ]);
  });

  it('joins a connection mid-way: skips to the first message start', () => {
    const c = new Sender(CLIENT, 777);
    // No SYN: the capture starts with the end of an INVITE.
    const result = read([c.send(INVITE.slice(100)), c.send(ACK), c.send(RINGING)]);
    expect(texts(result)).toEqual([ACK, RINGING]);
    expect(result.warnings).toEqual([
      `TCP 198.51.100.1:40000 → 198.51.100.2:5060: ${INVITE.length - 100} bytes outside any SIP message skipped`,
    ]);
  });

  it('joins mid-way on a port that is not a SIP port once a segment shows SIP', () => {
    const flow = { ...CLIENT, dstPort: 7000 };
    const c = new Sender(flow, 1);
    const frames = [tcpFrame(1, INVITE.slice(100), flow)];
    c.seq = 1 + INVITE.length - 100;
    frames.push(c.send(ACK));
    expect(texts(read(frames))).toEqual([ACK]);
  });

  it('starts a fresh stream when the same addresses and ports open a new connection', () => {
    const c = new Sender(CLIENT, 1000);
    const first = [c.syn(), c.send(INVITE.slice(0, 50))];
    const again = new Sender(CLIENT, 900_000);
    const result = read([...first, again.syn(), again.send(ACK)]);
    expect(result.messages).toEqual([
      expect.objectContaining({ text: INVITE.slice(0, 50), truncated: true, sourceLine: 2 }),
      expect.objectContaining({ text: ACK, sourceLine: 4 }),
    ]);
  });

  it('emits a message the capture ended inside as truncated', () => {
    const c = new Sender(CLIENT, 1);
    const result = read([c.syn(), c.send(ACK), c.send(INVITE.slice(0, 120))]);
    expect(result.messages.map((m) => [m.text, m.truncated])).toEqual([
      [ACK, undefined],
      [INVITE.slice(0, 120), true],
    ]);
  });

  it('keeps CRLF keep-alives (RFC 5626 ping and pong) and reads the messages around them', () => {
    const c = new Sender(CLIENT, 1);
    const s = new Sender(SERVER, 9);
    const result = read([
      c.syn(),
      s.syn(),
      c.send('\r\n\r\n'),
      s.send('\r\n'),
      c.send(`\r\n\r\n${ACK}\r\n\r\n`),
      c.send(ACK),
    ]);
    expect(texts(result)).toEqual(['\r\n\r\n', '\r\n', ACK, ACK]);
    expect(result.skipped).not.toContainEqual(expect.objectContaining({ reason: 'CRLF keep-alive' }));
  });

  it('reads both directions of a connection independently', () => {
    const c = new Sender(CLIENT, 1);
    const s = new Sender(SERVER, 1);
    const [i1 = '', i2 = ''] = split(INVITE, 70);
    const [o1 = '', o2 = ''] = split(OK, 30);
    const result = read([c.syn(), s.syn(), c.send(i1), s.send(RINGING + o1), c.send(i2), s.send(o2)]);
    expect(result.messages.map((m) => [m.sourceLine, m.src?.port, m.text])).toEqual([
      [4, 5060, RINGING],
      [5, 40000, INVITE],
      [6, 5060, OK],
    ]);
  });

  it('skips TCP that is not SIP', () => {
    const http = { ...CLIENT, dstPort: 80 };
    const c = new Sender(http, 1);
    const result = read([c.syn(), c.send('GET / HTTP/1.1\r\nHost: example.com\r\n\r\n'), c.send('more')]);
    expect(result.messages).toEqual([]);
    expect(result.skipped).toContainEqual({ reason: 'TCP, not SIP', count: 2 });
  });

  it('skips TLS on 5061 as unreadable, but reads plain SIP that happens to use 5061', () => {
    const tlsFlow = { ...CLIENT, dstPort: 5061 };
    const hello = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x30, ...new Array<number>(48).fill(1)]);
    const tls = new Sender(tlsFlow, 1);
    const plain = new Sender({ ...CLIENT, srcPort: 40001, dstPort: 5061 }, 1);
    const result = read([tls.syn(), tcpFrame(tls.seq, hello, tlsFlow), plain.syn(), plain.send(ACK)]);
    expect(texts(result)).toEqual([ACK]);
    expect(result.skipped).toContainEqual({ reason: 'TLS-encrypted (port 5061): not readable', count: 1 });
  });

  it('treats whatever flows on a configured SIP port as SIP, resynchronising on damage', () => {
    const flow = { ...CLIENT, dstPort: 5080 };
    const c = new Sender(flow, 1);
    const frames = [c.syn(), c.send('garbage\r\n'), c.send(ACK)];
    expect(texts(read(frames, { sipPorts: [5080] }))).toEqual([ACK]);
    // Elsewhere a stream whose first bytes are not SIP is not SIP.
    const result = read(frames);
    expect(texts(result)).toEqual([]);
    expect(result.skipped).toContainEqual({ reason: 'TCP, not SIP', count: 2 });
  });
});
