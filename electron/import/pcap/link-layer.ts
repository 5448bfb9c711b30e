// From a captured frame to its IP header, per link type. Numbers and header layouts follow the
// LINKTYPE registry referenced by draft-ietf-opsawg-pcap §8 / draft-ietf-opsawg-pcaplinktype.
import { readMplsStack } from './mpls';
import { locateIpInPpp } from './ppp';

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
const ETHERTYPE_MPLS = 0x8847;
const ETHERTYPE_MPLS_MULTICAST = 0x8848;
const ETHERTYPE_PPPOE_SESSION = 0x8864;
// 802.1Q customer tag, 802.1ad service tag, and the pre-standard QinQ values switches use.
const VLAN_TAGS: ReadonlySet<number> = new Set([0x8100, 0x88a8, 0x9100, 0x9200]);
// Ethernet inside MPLS inside Ethernet…: a real path nests 2 or 3 times; more is a crafted loop.
const MAX_ETHERNET_DEPTH = 4;

function u16(frame: Uint8Array, at: number): number {
  return ((frame[at] ?? 0) << 8) | (frame[at + 1] ?? 0);
}

/**
 * Offset of the IP header given the link layer's EtherType and where its payload starts,
 * following VLAN tags (each 2 bytes of TCI and the next EtherType, IEEE 802.1Q, any number of
 * them: QinQ), MPLS label stacks and PPPoE sessions.
 */
function afterEtherType(
  frame: Uint8Array,
  etherType: number,
  payloadAt: number,
  end: number,
  depth: number,
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
  if (type === ETHERTYPE_MPLS || type === ETHERTYPE_MPLS_MULTICAST) {
    const inner = readMplsStack(frame, at, end);
    if (inner.kind === 'skip') return inner.reason;
    if (inner.kind === 'ip') return inner.at;
    return locateIpInEthernet(frame, inner.at, end, depth + 1);
  }
  if (type === ETHERTYPE_PPPOE_SESSION) {
    // version/type, code, session id, length (RFC 2516 §4), then the PPP protocol field.
    if (at + 6 >= end) return 'frame too short for its PPPoE header';
    return locateIpInPpp(frame, at + 6, end);
  }
  if (type < 0x0600) return 'IEEE 802.3 frame without IP (LLC)';
  return `not IP (EtherType 0x${type.toString(16).padStart(4, '0')})`;
}

/**
 * The IP header inside an Ethernet frame at `frame[start, end)` that a tunnel carried (GRE,
 * ERSPAN, VXLAN, an MPLS pseudowire). `depth` counts the Ethernet frames around this one.
 */
export function locateIpInEthernet(
  frame: Uint8Array,
  start: number,
  end: number,
  depth = 0,
): number | string {
  if (depth >= MAX_ETHERNET_DEPTH) return 'Ethernet tunnelled too deep';
  if (end - start < 14) return 'frame too short for Ethernet';
  return afterEtherType(frame, u16(frame, start + 12), start + 14, end, depth);
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
      return locateIpInEthernet(frame, start, end);
    case LINUX_SLL:
      // packet type, ARPHRD type, address length, 8 address bytes, protocol (EtherType)
      if (end - start < 16) return 'frame too short for Linux cooked (SLL)';
      // (libpcap puts a VLAN tag it got out of band after this header, protocol set to 0x8100)
      return afterEtherType(frame, u16(frame, start + 14), start + 16, end, 0);
    case LINUX_SLL2:
      // protocol (EtherType), reserved, interface index, ARPHRD type, packet type, address length, address
      if (end - start < 20) return 'frame too short for Linux cooked v2 (SLL2)';
      return afterEtherType(frame, u16(frame, start), start + 20, end, 0);
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
