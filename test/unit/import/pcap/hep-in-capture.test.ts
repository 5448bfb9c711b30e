// HEP datagrams inside a capture (what a Homer agent sent to its collector): the SIP each one
// carries is imported with the addresses, ports and time the agent recorded, on port 9060 or on
// any port when the datagram starts like HEPv3 or HEPv2.
import { describe, expect, it } from 'vitest';
import { encodeHep } from '../../../../electron/export/hep-encode';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { writePcap } from './capture-writer';
import { bytesOf, ipv4Bytes, sipMessage, udpFrame } from './packet-builder';

const INVITE = sipMessage('INVITE sip:bob@example.com SIP/2.0');
const FRAME_TS = 1_800_000_000_000_000;
const AGENT_TS = 1_700_000_000_123_456;
const agent = { src: '203.0.113.5', dst: '203.0.113.9', srcPort: 40001 };

function hep3(text: string, transport: 'udp' | 'tcp' = 'udp'): Uint8Array {
  return encodeHep({
    tsMicros: AGENT_TS,
    direction: 'out',
    transport,
    local: { address: '10.1.1.1', port: 5062 },
    remote: { address: '10.2.2.2', port: 5060 },
    raw: bytesOf(text),
    callId: 'c1',
  });
}

/** HEPv2 as Kamailio writes it: little-endian time and capture id. */
function hep2(text: string): Buffer {
  const head = Buffer.from([
    2,
    16,
    2,
    17,
    0x13,
    0xc6,
    0x13,
    0xc4,
    ...ipv4Bytes('10.1.1.1'),
    ...ipv4Bytes('10.2.2.2'),
  ]);
  const time = Buffer.alloc(12);
  time.writeUInt32LE(Math.floor(AGENT_TS / 1e6), 0);
  time.writeUInt32LE(AGENT_TS % 1e6, 4);
  time.writeUInt16LE(7, 8);
  return Buffer.concat([head, time, bytesOf(text)]);
}

function read(...payloads: { data: Uint8Array; dstPort: number }[]) {
  return readPcap(
    writePcap(
      payloads.map((p) => ({ data: udpFrame(p.data, { ...agent, dstPort: p.dstPort }), tsMicros: FRAME_TS })),
      { linkType: 1 },
    ),
  );
}

describe('HEP inside a capture', () => {
  it('imports HEPv3 and HEPv2 SIP with the original addresses and times, on 9060 and elsewhere', () => {
    const r = read(
      { data: hep3(INVITE), dstPort: 9060 },
      { data: hep3(INVITE, 'tcp'), dstPort: 9999 },
      { data: hep2(INVITE), dstPort: 9060 },
      { data: hep2(INVITE), dstPort: 5555 },
    );
    expect(r.skipped).toEqual([]);
    expect(r.messages).toHaveLength(4);
    for (const m of r.messages) {
      expect(m.text).toBe(INVITE);
      expect(m.src).toEqual({ address: '10.1.1.1', port: 5062 });
      expect(m.dst).toEqual({ address: '10.2.2.2', port: 5060 });
      expect(m.tsMicros).toBe(AGENT_TS);
    }
    expect(r.messages.map((m) => m.transport)).toEqual(['udp', 'tcp', 'udp', 'udp']);
  });

  it('counts HEP that carries no SIP or cannot be read, and leaves other UDP alone', () => {
    const rtcp = Buffer.from(hep3(INVITE));
    // Chunk 11 (protocol type) is the 9th chunk: set it to 5, RTCP.
    const at = rtcp.indexOf(Buffer.from([0, 0, 0, 11, 0, 7]));
    rtcp[at + 6] = 5;
    const r = read(
      { data: rtcp, dstPort: 9060 },
      { data: hep3(INVITE).subarray(0, 30), dstPort: 9060 },
      { data: bytesOf('HEP3 but not really'), dstPort: 9060 },
      { data: hep3('hello'), dstPort: 9060 },
      { data: Buffer.from([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]), dstPort: 9060 },
    );
    expect(r.messages).toEqual([]);
    expect(r.skipped.map((s) => s.reason)).toEqual([
      'HEP carrying something other than SIP (RTCP, logs, QoS reports)',
      expect.stringMatching(/^HEPv3 packet says \d+ bytes but has 30$/),
      expect.stringMatching(/^HEPv3 /),
      'HEP payload is not a SIP message',
      'UDP, not SIP',
    ]);
  });
});
