// PPP frames as tunnels carry them: PPTP's enhanced GRE (RFC 2637 §4.1) and PPPoE sessions
// (RFC 2516 §5): optional address/control bytes FF 03 (RFC 1662 §3.1), then the protocol field,
// 2 bytes or 1 when compressed (RFC 1661 §6.5: an odd first byte). 0x0021 IPv4, 0x0057 IPv6.

const IPV4 = 0x21;
const IPV6 = 0x57;

/** Offset of the IP header inside the PPP frame at `frame[at, end)`, or why there is none. */
export function locateIpInPpp(frame: Uint8Array, at: number, end: number): number | string {
  let p = at;
  if (frame[p] === 0xff && frame[p + 1] === 0x03) p += 2;
  if (p >= end) return 'PPP frame cut short';
  let protocol = frame[p] ?? 0;
  if ((protocol & 0x01) === 0) {
    protocol = (protocol << 8) | (frame[p + 1] ?? 0);
    p += 2;
  } else {
    p += 1;
  }
  if (protocol !== IPV4 && protocol !== IPV6)
    return `PPP, not IP (protocol 0x${protocol.toString(16).padStart(4, '0')})`;
  return p < end ? p : 'PPP frame cut short';
}
