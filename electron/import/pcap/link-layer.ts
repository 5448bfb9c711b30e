// From a captured frame to its IP header, per link type. Numbers and header layouts follow the
// LINKTYPE registry referenced by draft-ietf-opsawg-pcap §8 / draft-ietf-opsawg-pcaplinktype.

const NULL = 0; // BSD loopback: 4-byte address family in the capturing host's byte order
const ETHERNET = 1;
const RAW_DLT_12 = 12; // DLT_RAW as some BSDs number it; files carry it unchanged
const RAW_DLT_14 = 14; // DLT_RAW on OpenBSD
const RAW = 101;
const LOOP = 108; // OpenBSD loopback: 4-byte address family in network byte order
const LINUX_SLL = 113;
const IPV4 = 228;
const IPV6 = 229;
const LINUX_SLL2 = 276;

const NAMES: ReadonlyMap<number, string> = new Map([
  [NULL, 'NULL'],
  [ETHERNET, 'ETHERNET'],
  [RAW_DLT_12, 'RAW'],
  [RAW_DLT_14, 'RAW'],
  [RAW, 'RAW'],
  [LOOP, 'LOOP'],
  [LINUX_SLL, 'LINUX_SLL'],
  [IPV4, 'IPV4'],
  [IPV6, 'IPV6'],
  [LINUX_SLL2, 'LINUX_SLL2'],
]);

export function linkTypeName(linkType: number): string {
  return NAMES.get(linkType) ?? `LINKTYPE ${linkType}`;
}

export function isSupportedLinkType(linkType: number): boolean {
  return NAMES.has(linkType);
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
// 802.1Q customer tag, 802.1ad service tag, and the pre-standard QinQ value some switches use.
const VLAN_TAGS: ReadonlySet<number> = new Set([0x8100, 0x88a8, 0x9100]);

function u16(frame: Uint8Array, at: number): number {
  return ((frame[at] ?? 0) << 8) | (frame[at + 1] ?? 0);
}

/**
 * Offset of the IP header given the link layer's EtherType and where its payload starts,
 * following VLAN tags: each is 2 bytes of TCI and the next EtherType (IEEE 802.1Q).
 */
function afterEtherType(
  frame: Uint8Array,
  etherType: number,
  payloadAt: number,
  end: number,
): number | string {
  let type = etherType;
  let at = payloadAt;
  while (VLAN_TAGS.has(type)) {
    if (at + 4 > end) return 'frame too short for its VLAN tags';
    type = u16(frame, at + 2);
    at += 4;
  }
  if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) {
    return at < end ? at : 'frame too short for its link-layer header';
  }
  if (type < 0x0600) return 'IEEE 802.3 frame without IP (LLC)';
  return `not IP (EtherType 0x${type.toString(16).padStart(4, '0')})`;
}

/**
 * Where the IP header starts in `frame[start, end)`, or why there is no IP packet in it. The IP
 * version is read from the IP header itself, so loopback address-family values (which differ
 * between BSDs: 24, 28, 30 for IPv6) need no table.
 */
export function locateIpHeader(
  linkType: number,
  frame: Uint8Array,
  start: number,
  end: number,
): number | string {
  let at: number;
  switch (linkType) {
    case ETHERNET:
      if (end - start < 14) return 'frame too short for Ethernet';
      return afterEtherType(frame, u16(frame, start + 12), start + 14, end);
    case LINUX_SLL:
      // packet type, ARPHRD type, address length, 8 address bytes, protocol (EtherType)
      if (end - start < 16) return 'frame too short for Linux cooked (SLL)';
      // (libpcap puts a VLAN tag it got out of band after this header, protocol set to 0x8100)
      return afterEtherType(frame, u16(frame, start + 14), start + 16, end);
    case LINUX_SLL2:
      // protocol (EtherType), reserved, interface index, ARPHRD type, packet type, address length, address
      if (end - start < 20) return 'frame too short for Linux cooked v2 (SLL2)';
      return afterEtherType(frame, u16(frame, start), start + 20, end);
    case NULL:
    case LOOP:
      at = start + 4;
      break;
    case RAW:
    case RAW_DLT_12:
    case RAW_DLT_14:
    case IPV4:
    case IPV6:
      at = start;
      break;
    default:
      return `link type ${linkType} (${linkTypeName(linkType)}) not supported`;
  }
  if (at >= end) return 'frame too short for its link-layer header';
  return at;
}
