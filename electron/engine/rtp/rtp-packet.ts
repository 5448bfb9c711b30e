// The RTP fixed header (RFC 3550 §5.1):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                           timestamp                           |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           synchronization source (SSRC) identifier            |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

export const RTP_VERSION = 2;
export const RTP_HEADER_BYTES = 12;

export interface RtpHeader {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
}

export interface RtpPacket extends RtpHeader {
  readonly padding: boolean;
  readonly extension: boolean;
  readonly csrcCount: number;
  /** A view into the datagram: header, CSRCs, extension and padding removed. */
  readonly payload: Uint8Array;
}

/** Writes a 12-byte header without CSRCs, extension or padding at the start of `buf`. */
export function writeRtpHeader(buf: Uint8Array, header: RtpHeader): void {
  buf[0] = RTP_VERSION << 6;
  buf[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  buf[2] = (header.sequence >>> 8) & 0xff;
  buf[3] = header.sequence & 0xff;
  writeUint32(buf, 4, header.timestamp);
  writeUint32(buf, 8, header.ssrc);
}

/**
 * RFC 5761 §4: RTCP multiplexed on the RTP port is told apart by the second byte, which holds
 * the RTCP packet type (192–223 covers SR 200, RR 201, SDES 202, BYE 203, APP 204 and friends).
 */
export function looksLikeRtcp(datagram: Uint8Array): boolean {
  const second = datagram[1];
  return datagram.length >= 8 && second !== undefined && second >= 192 && second <= 223;
}

/** Parses an RTP packet, or returns why the datagram is not one. */
export function parseRtpPacket(datagram: Uint8Array): RtpPacket | string {
  if (datagram.length < RTP_HEADER_BYTES) return `too short for RTP (${datagram.length} bytes)`;
  const b0 = datagram[0] as number;
  const b1 = datagram[1] as number;
  const version = b0 >> 6;
  if (version !== RTP_VERSION) return `RTP version ${version}, not 2`;
  const padding = (b0 & 0x20) !== 0;
  const extension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  let offset = RTP_HEADER_BYTES + 4 * csrcCount;
  if (extension) {
    // RFC 3550 §5.3.1: 16-bit profile field, 16-bit length in 32-bit words, then the data.
    if (datagram.length < offset + 4) return 'truncated header extension';
    const words = ((datagram[offset + 2] as number) << 8) | (datagram[offset + 3] as number);
    offset += 4 + 4 * words;
  }
  let end = datagram.length;
  if (padding) {
    // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
    const pad = datagram[end - 1] as number;
    if (pad === 0) return 'padding bit set with a zero padding count';
    end -= pad;
  }
  if (end < offset) return 'header longer than the packet';
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequence: ((datagram[2] as number) << 8) | (datagram[3] as number),
    timestamp: readUint32(datagram, 4),
    ssrc: readUint32(datagram, 8),
    padding,
    extension,
    csrcCount,
    payload: datagram.subarray(offset, end),
  };
}

function writeUint32(buf: Uint8Array, at: number, value: number): void {
  buf[at] = (value >>> 24) & 0xff;
  buf[at + 1] = (value >>> 16) & 0xff;
  buf[at + 2] = (value >>> 8) & 0xff;
  buf[at + 3] = value & 0xff;
}

function readUint32(buf: Uint8Array, at: number): number {
  return (
    (((buf[at] as number) << 24) |
      ((buf[at + 1] as number) << 16) |
      ((buf[at + 2] as number) << 8) |
      (buf[at + 3] as number)) >>>
    0
  );
}
