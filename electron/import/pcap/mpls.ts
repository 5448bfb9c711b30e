// MPLS label stacks (RFC 3032 §2.1): 4-byte entries of label (20 bits), traffic class (3),
// bottom-of-stack (1) and TTL (8), outermost first. The stack says nothing about what follows
// its bottom entry; as Wireshark does, the first nibble decides: 4 or 6 is an IP header, 0 is the
// pseudowire control word (RFC 4385 §3) before an Ethernet frame (RFC 4448, Ethernet over MPLS).
import type { TunnelPayload } from './tunnel-payload';

// Deeper stacks than this (VPN + TE + entropy labels reach 4–6) are damage, not a path.
const MAX_LABELS = 16;
const CONTROL_WORD = 4;

/** What follows the label stack starting at `frame[at]`. */
export function readMplsStack(frame: Uint8Array, at: number, end: number): TunnelPayload {
  let p = at;
  for (let labels = 0; ; labels++) {
    if (labels >= MAX_LABELS) return { kind: 'skip', reason: 'MPLS label stack deeper than 16 labels' };
    if (p + 4 > end) return { kind: 'skip', reason: 'frame too short for its MPLS label stack' };
    const bottom = ((frame[p + 2] ?? 0) & 0x01) !== 0;
    p += 4;
    if (bottom) break;
  }
  if (p >= end) return { kind: 'skip', reason: 'MPLS without payload' };
  const nibble = (frame[p] ?? 0) >> 4;
  if (nibble === 4 || nibble === 6) return { kind: 'ip', at: p };
  if (nibble === 0 && p + CONTROL_WORD < end) return { kind: 'ethernet', at: p + CONTROL_WORD };
  return { kind: 'skip', reason: 'MPLS payload neither IP nor Ethernet pseudowire' };
}
