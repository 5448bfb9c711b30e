// ERSPAN: a switch's mirror session (SPAN port) sent to a remote analyser inside GRE, as Cisco,
// Arista and Linux erspan tunnels write it (draft-foschiano-erspan-03). What follows the GRE
// header is the mirrored frame as the switch saw it.
//   Type I   (GRE 0x88BE without a sequence number): the Ethernet frame directly.
//   Type II  (GRE 0x88BE): 8 bytes — version 1, VLAN, CoS, encapsulation, truncated, session id,
//            index — then the Ethernet frame.
//   Type III (GRE 0x22EB): 12 bytes — version 2, VLAN, CoS, BSO, T, session id, timestamp, SGT,
//            P, frame type, hardware id, direction, granularity, O — plus 8 bytes of platform
//            specific sub-header when O is set, then the frame (Ethernet, or IP for frame type 2).
import type { TunnelPayload } from './tunnel-payload';

export const GRE_ERSPAN_II = 0x88be;
export const GRE_ERSPAN_III = 0x22eb;

const FRAME_TYPE_IP = 2;

/** The mirrored frame inside the ERSPAN packet at `b[at, end)` (what follows the GRE header). */
export function readErspan(
  b: Uint8Array,
  greProtocol: number,
  greHasSequence: boolean,
  at: number,
  end: number,
): TunnelPayload {
  if (greProtocol === GRE_ERSPAN_II && !greHasSequence) return { kind: 'ethernet', at };
  const version = (b[at] ?? 0) >> 4;
  if (greProtocol === GRE_ERSPAN_II) {
    if (end - at < 8) return { kind: 'skip', reason: 'ERSPAN type II header cut short' };
    if (version !== 1) return { kind: 'skip', reason: `ERSPAN type II header with version ${version}` };
    return { kind: 'ethernet', at: at + 8 };
  }
  if (end - at < 12) return { kind: 'skip', reason: 'ERSPAN type III header cut short' };
  if (version !== 2) return { kind: 'skip', reason: `ERSPAN type III header with version ${version}` };
  const frameType = ((b[at + 10] ?? 0) >> 2) & 0x1f;
  const platformSpecific = ((b[at + 11] ?? 0) & 0x01) !== 0;
  const payload = at + 12 + (platformSpecific ? 8 : 0);
  if (payload >= end) return { kind: 'skip', reason: 'ERSPAN type III header cut short' };
  if (frameType === FRAME_TYPE_IP) return { kind: 'ip', at: payload };
  if (frameType !== 0)
    return { kind: 'skip', reason: `ERSPAN type III frame type ${frameType} (not Ethernet or IP)` };
  return { kind: 'ethernet', at: payload };
}
