// IPv4 header (RFC 791 §3.1). Checksums are not checked: captures taken on the sending host
// carry checksums the NIC fills in later (offload), so they are routinely "wrong" in files.
import { addressKey, skip, SNAPLEN_REASON, type IpReadResult } from './ip-datagram';

function u16(b: Buffer, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

/** Reads the IPv4 packet at `at`; `end` is the end of the captured frame. */
export function readIpv4(b: Buffer, at: number, end: number, cutBySnaplen: boolean): IpReadResult {
  if (end - at < 20) return skip(cutBySnaplen ? SNAPLEN_REASON : 'IPv4 header cut short');
  const headerLength = ((b[at] ?? 0) & 0x0f) * 4;
  if (headerLength < 20) return skip('damaged IPv4 header (IHL below 5)');
  let totalLength = u16(b, at + 2);
  // 0 is what a capture on the sender shows for a TCP segmentation offload super-packet: the
  // NIC fills it in later. Wireshark reads the frame length then; so do we.
  if (totalLength === 0) totalLength = end - at;
  if (totalLength < headerLength) return skip('damaged IPv4 header (total length below header length)');
  if (at + totalLength > end) {
    return skip(cutBySnaplen ? SNAPLEN_REASON : 'IPv4 total length beyond the captured frame');
  }
  // Anything after totalLength is link-layer padding or an FCS, not payload.
  const payloadStart = at + headerLength;
  const payloadEnd = at + totalLength;
  const protocol = b[at + 9] ?? 0;
  const flagsAndOffset = u16(b, at + 6);
  const more = (flagsAndOffset & 0x2000) !== 0;
  const offset = (flagsAndOffset & 0x1fff) * 8;
  if (more || offset !== 0) {
    const id = u16(b, at + 4);
    return {
      kind: 'fragment',
      fragment: {
        key: `4 ${addressKey(b, at + 12, 8)} ${protocol} ${id}`,
        family: 4,
        protocol,
        addressBytes: b,
        srcAt: at + 12,
        dstAt: at + 16,
        offset,
        more,
        bytes: b,
        start: payloadStart,
        end: payloadEnd,
      },
    };
  }
  return {
    kind: 'datagram',
    datagram: {
      family: 4,
      protocol,
      addressBytes: b,
      srcAt: at + 12,
      dstAt: at + 16,
      bytes: b,
      start: payloadStart,
      end: payloadEnd,
    },
  };
}
