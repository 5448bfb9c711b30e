import { DTMF_DIGITS } from './rtp-pcap';

// Reads RTP the way the tests need to: header fields and RFC 4733 telephone-events. Kept apart
// from the product's RTP code on purpose: the harness is the oracle the product is checked against.

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  seq: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

export interface TelephoneEvent {
  event: number;
  end: boolean;
  volume: number;
  /** In timestamp units (8 kHz: 160 per 20 ms). */
  duration: number;
}

/** The RTP packet in `datagram`, or undefined if it is not RTP version 2. */
export function parseRtp(datagram: Buffer): RtpPacket | undefined {
  if (datagram.length < 12 || datagram[0] === undefined || datagram[0] >> 6 !== 2) return undefined;
  const csrcCount = datagram[0] & 0x0f;
  const hasExtension = (datagram[0] & 0x10) !== 0;
  const hasPadding = (datagram[0] & 0x20) !== 0;
  let offset = 12 + 4 * csrcCount;
  if (hasExtension) {
    if (datagram.length < offset + 4) return undefined;
    offset += 4 + 4 * datagram.readUInt16BE(offset + 2);
  }
  const padding = hasPadding ? (datagram[datagram.length - 1] ?? 0) : 0;
  if (datagram.length < offset + padding) return undefined;
  const second = datagram[1] ?? 0;
  return {
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    seq: datagram.readUInt16BE(2),
    timestamp: datagram.readUInt32BE(4),
    ssrc: datagram.readUInt32BE(8),
    payload: datagram.subarray(offset, datagram.length - padding),
  };
}

export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const flags = payload[1] ?? 0;
  return {
    event: payload[0] ?? 0,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}

/**
 * The DTMF digits of a stream: one per telephone-event (events are told apart by their RTP
 * timestamp, so update and end retransmissions count once), in arrival order.
 */
export function dtmfDigits(packets: readonly RtpPacket[], eventPayloadType = 101): string {
  const seen = new Set<number>();
  let digits = '';
  for (const packet of packets) {
    if (packet.payloadType !== eventPayloadType || seen.has(packet.timestamp)) continue;
    const event = parseTelephoneEvent(packet.payload);
    if (!event) continue;
    seen.add(packet.timestamp);
    digits += DTMF_DIGITS[event.event] ?? `<${event.event}>`;
  }
  return digits;
}
