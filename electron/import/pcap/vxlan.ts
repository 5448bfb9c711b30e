// VXLAN (RFC 7348 §5): an Ethernet frame inside UDP to port 4789, after 8 bytes of flags (the
// I bit says the VNI is valid), reserved bits, the 24-bit VXLAN network identifier and a reserved
// byte. Overlay networks (cloud VPCs, EVPN fabrics) mirror SIP this way.

export const VXLAN_PORT = 4789;
const HEADER = 8;
const VNI_VALID = 0x08;

/** Offset of the inner Ethernet frame of the VXLAN packet at `b[at, end)`, or undefined. */
export function vxlanEthernetAt(b: Uint8Array, at: number, end: number): number | undefined {
  if (end - at < HEADER + 14) return undefined;
  // Only the I flag may be set (§5: other flag bits and reserved fields are sent as 0); being
  // strict keeps another protocol on port 4789 from being taken for VXLAN.
  if (b[at] !== VNI_VALID || b[at + 1] !== 0 || b[at + 2] !== 0 || b[at + 3] !== 0) return undefined;
  return at + HEADER;
}
