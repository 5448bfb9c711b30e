// RTCP sender and receiver reports (RFC 3550 §6.4), built and read: what lets a test call tell
// "our audio reaches the far side but nothing comes back" (its receiver report counts our packets)
// from "nothing comes back at all" (no RTCP either). Compound packets as §6.1 asks: SR or RR
// first, then SDES with a CNAME (§6.5.1). Pure: buffers in, values out.

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;

/** One report block (§6.4.1): how the reporter receives one source. */
export interface ReportBlock {
  readonly ssrc: number;
  /** Fraction lost, 0–1 (8-bit fixed point on the wire). */
  readonly fractionLost: number;
  readonly cumulativeLost: number;
  readonly highestSeq: number;
  /** Interarrival jitter, timestamp units. */
  readonly jitter: number;
}

export interface SenderInfo {
  readonly ntpMicros: number;
  readonly rtpTimestamp: number;
  readonly packets: number;
  readonly octets: number;
}

export interface RtcpReport {
  readonly type: 'SR' | 'RR';
  readonly ssrc: number;
  readonly sender?: SenderInfo;
  readonly blocks: readonly ReportBlock[];
}

/** Seconds from 1900 (NTP) to 1970 (Unix). */
const NTP_OFFSET_S = 2_208_988_800;
const MAX_BLOCKS = 31;

export function buildRtcpReport(o: {
  readonly ssrc: number;
  readonly sender?: SenderInfo;
  readonly blocks: readonly ReportBlock[];
  readonly cname: string;
}): Buffer {
  const blocks = o.blocks.slice(0, MAX_BLOCKS);
  const head = o.sender ? 28 : 8;
  const report = Buffer.alloc(head + 24 * blocks.length);
  report[0] = 0x80 | blocks.length;
  report[1] = o.sender ? RTCP_SR : RTCP_RR;
  report.writeUInt16BE(report.length / 4 - 1, 2);
  report.writeUInt32BE(o.ssrc >>> 0, 4);
  if (o.sender) {
    const seconds = Math.floor(o.sender.ntpMicros / 1e6);
    const fraction = Math.floor(((o.sender.ntpMicros % 1e6) / 1e6) * 2 ** 32);
    report.writeUInt32BE((seconds + NTP_OFFSET_S) >>> 0, 8);
    report.writeUInt32BE(fraction >>> 0, 12);
    report.writeUInt32BE(o.sender.rtpTimestamp >>> 0, 16);
    report.writeUInt32BE(o.sender.packets >>> 0, 20);
    report.writeUInt32BE(o.sender.octets >>> 0, 24);
  }
  blocks.forEach((b, i) => {
    const at = head + 24 * i;
    report.writeUInt32BE(b.ssrc >>> 0, at);
    report[at + 4] = Math.max(0, Math.min(255, Math.floor(b.fractionLost * 256)));
    // 24-bit signed cumulative count, clamped (§6.4.1).
    const lost = Math.max(-0x800000, Math.min(0x7fffff, Math.round(b.cumulativeLost)));
    report.writeIntBE(lost, at + 5, 3);
    report.writeUInt32BE(b.highestSeq >>> 0, at + 8);
    report.writeUInt32BE(Math.max(0, Math.round(b.jitter)) >>> 0, at + 12);
    // LSR and DLSR stay 0: we do not measure the round trip from RTCP (§6.4.1 allows 0).
  });
  return Buffer.concat([report, sdes(o.ssrc, o.cname)]);
}

function sdes(ssrc: number, cname: string): Buffer {
  const text = Buffer.from(cname.slice(0, 255), 'utf8');
  // SSRC, CNAME item (type 1, length, text), END item, padded to a 32-bit boundary.
  const chunk = 4 + 2 + text.length + 1;
  const padded = Math.ceil(chunk / 4) * 4;
  const packet = Buffer.alloc(4 + padded);
  packet[0] = 0x81;
  packet[1] = RTCP_SDES;
  packet.writeUInt16BE(packet.length / 4 - 1, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  packet[8] = 1;
  packet[9] = text.length;
  text.copy(packet, 10);
  return packet;
}

/** The SR and RR packets of a compound RTCP datagram; anything else in it is skipped. */
export function parseRtcp(datagram: Uint8Array): RtcpReport[] {
  const buf = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const out: RtcpReport[] = [];
  let at = 0;
  while (at + 4 <= buf.length) {
    if (buf[at]! >> 6 !== 2) break;
    const count = buf[at]! & 0x1f;
    const type = buf[at + 1]!;
    const end = at + (buf.readUInt16BE(at + 2) + 1) * 4;
    if (end > buf.length) break;
    if ((type === RTCP_SR || type === RTCP_RR) && at + 8 <= end) {
      const ssrc = buf.readUInt32BE(at + 4);
      let blockAt = at + 8;
      let sender: SenderInfo | undefined;
      if (type === RTCP_SR && at + 28 <= end) {
        const seconds = buf.readUInt32BE(at + 8) - NTP_OFFSET_S;
        const fraction = buf.readUInt32BE(at + 12) / 2 ** 32;
        sender = {
          ntpMicros: Math.round((seconds + fraction) * 1e6),
          rtpTimestamp: buf.readUInt32BE(at + 16),
          packets: buf.readUInt32BE(at + 20),
          octets: buf.readUInt32BE(at + 24),
        };
        blockAt = at + 28;
      }
      const blocks: ReportBlock[] = [];
      for (let i = 0; i < count && blockAt + 24 <= end; i++, blockAt += 24) {
        blocks.push({
          ssrc: buf.readUInt32BE(blockAt),
          fractionLost: buf[blockAt + 4]! / 256,
          cumulativeLost: buf.readIntBE(blockAt + 5, 3),
          highestSeq: buf.readUInt32BE(blockAt + 8),
          jitter: buf.readUInt32BE(blockAt + 12),
        });
      }
      out.push({ type: type === RTCP_SR ? 'SR' : 'RR', ssrc, ...(sender ? { sender } : {}), blocks });
    }
    at = end;
  }
  return out;
}
