// IPv6 header and extension header chain (RFC 8200 §3, §4). A Fragment header hands the rest to
// reassembly; after reassembly the chain continues in the reassembled payload (§4.5), which is
// why walkIpv6Headers is exported.
import { addressKey, skip, SNAPLEN_REASON, type IpReadResult } from './ip-datagram';

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const ESP = 50;
const AH = 51;
const NO_NEXT_HEADER = 59;
const DESTINATION_OPTIONS = 60;
// Mobility (RFC 6275), HIP (RFC 7401), Shim6 (RFC 5533), experimental (RFC 3692): all use the
// RFC 8200 §4.8 layout, length in 8-octet units not counting the first 8.
const GENERIC_EXTENSIONS: ReadonlySet<number> = new Set([
  HOP_BY_HOP,
  ROUTING,
  DESTINATION_OPTIONS,
  135,
  139,
  140,
  253,
  254,
]);
// A bound on the walk so a looping chain in damaged data cannot hang the reader.
const MAX_EXTENSION_HEADERS = 16;

function u16(b: Buffer, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

export function readIpv6(b: Buffer, at: number, end: number, cutBySnaplen: boolean): IpReadResult {
  if (end - at < 40) return skip(cutBySnaplen ? SNAPLEN_REASON : 'IPv6 header cut short');
  let payloadLength = u16(b, at + 4);
  // 0 means a jumbogram (RFC 2675) or a segmentation-offload super-packet seen on the sender:
  // the captured frame is the best length there is.
  if (payloadLength === 0) payloadLength = end - at - 40;
  if (at + 40 + payloadLength > end) {
    return skip(cutBySnaplen ? SNAPLEN_REASON : 'IPv6 payload length beyond the captured frame');
  }
  return walkIpv6Headers(b[at + 6] ?? 0, b, at + 40, at + 40 + payloadLength, b, at + 8, at + 24, true);
}

/** Follows the extension headers from `nextHeader` at `at` to the upper-layer header. */
export function walkIpv6Headers(
  nextHeader: number,
  b: Buffer,
  at: number,
  end: number,
  addressBytes: Buffer,
  srcAt: number,
  dstAt: number,
  allowFragment: boolean,
): IpReadResult {
  let next = nextHeader;
  let pos = at;
  for (let i = 0; i < MAX_EXTENSION_HEADERS; i++) {
    if (GENERIC_EXTENSIONS.has(next) || next === AH) {
      if (pos + 8 > end) return skip('IPv6 extension header cut short');
      // AH counts its length in 4-octet units minus 2 (RFC 4302 §2.2).
      const length = next === AH ? ((b[pos + 1] ?? 0) + 2) * 4 : ((b[pos + 1] ?? 0) + 1) * 8;
      next = b[pos] ?? 0;
      pos += length;
      continue;
    }
    if (next === FRAGMENT) {
      if (!allowFragment) return skip('IPv6 fragment header inside a reassembled datagram');
      if (pos + 8 > end) return skip('IPv6 fragment header cut short');
      const fragmentNext = b[pos] ?? 0;
      const offsetAndFlags = u16(b, pos + 2);
      const offset = offsetAndFlags & 0xfff8;
      const more = (offsetAndFlags & 1) !== 0;
      if (offset === 0 && !more) {
        // An atomic fragment (RFC 6946): the whole datagram is here.
        next = fragmentNext;
        pos += 8;
        allowFragment = false;
        continue;
      }
      const id = (((b[pos + 4] ?? 0) << 24) | ((b[pos + 5] ?? 0) << 16) | u16(b, pos + 6)) >>> 0;
      return {
        kind: 'fragment',
        fragment: {
          key: `6 ${addressKey(addressBytes, srcAt, 16)} ${addressKey(addressBytes, dstAt, 16)} ${id}`,
          family: 6,
          protocol: fragmentNext,
          addressBytes,
          srcAt,
          dstAt,
          offset,
          more,
          bytes: b,
          start: pos + 8,
          end,
        },
      };
    }
    if (next === ESP) return skip('IPsec ESP (encrypted)');
    if (next === NO_NEXT_HEADER) return skip('IPv6 packet without payload (No Next Header)');
    if (pos > end) return skip('IPv6 extension headers longer than the packet');
    return {
      kind: 'datagram',
      datagram: { family: 6, protocol: next, addressBytes, srcAt, dstAt, bytes: b, start: pos, end },
    };
  }
  return skip('IPv6 extension header chain too long');
}
