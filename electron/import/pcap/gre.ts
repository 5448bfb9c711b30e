// GRE (RFC 2784, with the key and sequence number of RFC 2890; version 1 is PPTP's enhanced GRE,
// RFC 2637 §4.1): what a tunnel or a switch's ERSPAN mirror session carries, found by the GRE
// protocol type (an EtherType).
import type { TunnelPayload } from './tunnel-payload';
import { GRE_ERSPAN_II, GRE_ERSPAN_III, readErspan } from './erspan';
import { readMplsStack } from './mpls';
import { locateIpInPpp } from './ppp';

const CHECKSUM = 0x80;
const ROUTING = 0x40;
const KEY = 0x20;
const SEQUENCE = 0x10;
const ACK = 0x80; // version 1, second byte

const IPV4 = 0x0800;
const IPV6 = 0x86dd;
const TRANSPARENT_ETHERNET = 0x6558;
const PPP = 0x880b;
const MPLS = 0x8847;
const MPLS_MULTICAST = 0x8848;

function skip(reason: string): TunnelPayload {
  return { kind: 'skip', reason };
}

/** What the GRE packet at `b[at, end)` (the IP payload) carries. */
export function readGre(b: Uint8Array, at: number, end: number): TunnelPayload {
  if (end - at < 4) return skip('GRE header cut short');
  const flags = b[at] ?? 0;
  const version = (b[at + 1] ?? 0) & 0x07;
  const protocol = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
  let p = at + 4;
  if (version === 0) {
    // RFC 1701 source routing is obsolete (RFC 2784 §2.1); its entries are not walked.
    if (flags & ROUTING) return skip('GRE with source routing (RFC 1701)');
    if (flags & CHECKSUM) p += 4;
    if (flags & KEY) p += 4;
    if (flags & SEQUENCE) p += 4;
  } else if (version === 1) {
    p += 4; // payload length and call id, always present
    if (flags & SEQUENCE) p += 4;
    if ((b[at + 1] ?? 0) & ACK) p += 4;
  } else {
    return skip(`GRE version ${version}`);
  }
  if (p > end) return skip('GRE header cut short');
  if (p === end) return skip('GRE without payload (PPTP acknowledgement or keep-alive)');
  switch (protocol) {
    case IPV4:
    case IPV6:
      return { kind: 'ip', at: p };
    case TRANSPARENT_ETHERNET:
      return { kind: 'ethernet', at: p };
    case PPP: {
      const ip = locateIpInPpp(b, p, end);
      return typeof ip === 'string' ? skip(ip) : { kind: 'ip', at: ip };
    }
    case MPLS:
    case MPLS_MULTICAST:
      return readMplsStack(b, p, end);
    case GRE_ERSPAN_II:
    case GRE_ERSPAN_III:
      return readErspan(b, protocol, (flags & SEQUENCE) !== 0, p, end);
    default:
      return skip(`GRE carrying protocol 0x${protocol.toString(16).padStart(4, '0')}, not IP or Ethernet`);
  }
}
