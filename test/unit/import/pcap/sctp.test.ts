// SIP over SCTP (RFC 4168): one SIP message per user message, several DATA chunks bundled in
// one packet, a message fragmented over consecutive TSNs, retransmitted chunks dropped.
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../../electron/import/pcap/read-pcap';
import { writePcap } from './capture-writer';
import { sctpFrame, sctpPacket } from './encapsulate';
import { bytesOf, sipMessage } from './packet-builder';

const INVITE = sipMessage('INVITE sip:bob@example.com SIP/2.0', 'v=0\r\n'.repeat(200));
const OK = sipMessage('SIP/2.0 200 OK');

function read(...packets: Buffer[]) {
  return readPcap(
    writePcap(
      packets.map((p) => ({ data: sctpFrame(p) })),
      { linkType: 1 },
    ),
  );
}

describe('SIP over SCTP', () => {
  it('reads several messages bundled in one packet, with their addresses', () => {
    const r = read(
      sctpPacket(5060, 5060, [
        { tsn: 1, begin: true, end: true, data: bytesOf(OK) },
        { tsn: 2, begin: true, end: true, data: bytesOf(OK.replace('200 OK', '180 Ringing')) },
      ]),
    );
    expect(r.messages.map((m) => m.text)).toEqual([OK, OK.replace('200 OK', '180 Ringing')]);
    expect(r.messages[0]?.src).toEqual({ address: '198.51.100.1', port: 5060 });
    expect(r.skipped).toEqual([]);
  });

  it('reassembles a message fragmented over three packets, and drops a retransmitted chunk', () => {
    const b = bytesOf(INVITE);
    const third = Math.ceil(b.length / 3);
    const r = read(
      sctpPacket(40000, 5060, [{ tsn: 10, begin: true, end: false, data: b.subarray(0, third) }]),
      sctpPacket(40000, 5060, [{ tsn: 11, begin: false, end: false, data: b.subarray(third, 2 * third) }]),
      sctpPacket(40000, 5060, [{ tsn: 11, begin: false, end: false, data: b.subarray(third, 2 * third) }]),
      sctpPacket(40000, 5060, [{ tsn: 12, begin: false, end: true, data: b.subarray(2 * third) }]),
    );
    expect(r.messages.map((m) => m.text)).toEqual([INVITE]);
    expect(r.messages[0]?.sourceLine).toBe(4);
    expect(r.skipped).toEqual([{ reason: 'SCTP retransmission (TSN already seen)', count: 1 }]);
  });

  it('counts control chunks, lost fragments and data that is not SIP', () => {
    const sack = Buffer.from([3, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const r = read(
      sctpPacket(5060, 5060, [], [sack]),
      sctpPacket(5060, 5060, [{ tsn: 5, begin: false, end: true, data: bytesOf('tail') }]),
      sctpPacket(3868, 3868, [{ tsn: 1, begin: true, end: true, data: Buffer.from([1, 0, 0, 20]) }]),
      sctpPacket(40000, 5060, [{ tsn: 7, begin: true, end: false, data: bytesOf('INVITE sip:x') }]),
    );
    expect(r.messages).toEqual([]);
    expect(r.skipped).toEqual([
      { reason: 'SCTP without data (INIT, SACK, HEARTBEAT…)', count: 1 },
      { reason: 'SCTP fragment whose message never completed', count: 2 },
      { reason: 'SCTP, not SIP', count: 1 },
    ]);
  });

  it('never throws on chunks cut anywhere', () => {
    const p = sctpPacket(5060, 5060, [
      { tsn: 1, begin: true, end: true, data: bytesOf(OK) },
      { tsn: 2, begin: true, end: false, data: bytesOf(OK) },
    ]);
    for (let cut = 0; cut < p.length; cut++) expect(() => read(p.subarray(0, cut))).not.toThrow();
    const zeroLength = Buffer.from(p);
    zeroLength.writeUInt16BE(0, 14);
    expect(read(zeroLength).skipped).toEqual([{ reason: 'SCTP chunk cut short', count: 1 }]);
  });
});
