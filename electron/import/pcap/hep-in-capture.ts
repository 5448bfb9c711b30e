// HEP (Homer Encapsulation Protocol) datagrams inside a capture: what a Homer agent (heplify,
// captagent, Kamailio/OpenSIPS siptrace, Asterisk res_hep) sent to its collector, captured on the
// way. The SIP each one carries is imported with the addresses, ports and time the agent
// recorded (the original hop), not the agent's own. Decoding is hep-decode.ts's.
import type { ImportedTransport } from '../imported-message';
import { readHep } from '../hep/hep-decode';
import type { ImportCollector } from './import-collector';
import { makeMessage } from './make-message';
import { checkStartLine, skipLineBreaks } from './sip-start';

/** Homer's default collector port (heplify -hs, captagent, siptrace examples). */
export const HEP_PORT = 9060;
const PROTO_TYPE_SIP = 1;
const IP_TCP = 6;
const IP_UDP = 17;

export const HEP_SKIP = {
  notSip: 'HEP carrying something other than SIP (RTCP, logs, QoS reports)',
  payloadNotSip: 'HEP payload is not a SIP message',
} as const;

/**
 * Whether the UDP payload at `b[at, end)` is a HEP packet: on the HEP port, or anywhere when it
 * starts with "HEP3" or with a HEPv1/v2 header whose lengths fit its address family.
 */
export function looksLikeHep(
  b: Uint8Array,
  at: number,
  end: number,
  srcPort: number,
  dstPort: number,
): boolean {
  if (end - at < 8) return false;
  if (b[at] === 0x48 && b[at + 1] === 0x45 && b[at + 2] === 0x50 && b[at + 3] === 0x33) return true; // "HEP3"
  const v12 =
    (b[at] === 1 || b[at] === 2) &&
    ((b[at + 1] === 16 && b[at + 2] === 2) || (b[at + 1] === 40 && b[at + 2] === 10)) &&
    (b[at + 3] === IP_UDP || b[at + 3] === IP_TCP || b[at + 3] === 132);
  if (v12) return true;
  return dstPort === HEP_PORT || srcPort === HEP_PORT ? b[at] === 1 || b[at] === 2 : false;
}

function transportOf(protocol: number): ImportedTransport {
  if (protocol === IP_UDP) return 'udp';
  if (protocol === IP_TCP) return 'tcp';
  return 'unknown';
}

/** Imports the SIP of the HEP packet at `b[at, end)`, or counts why not. */
export function importHep(
  b: Buffer,
  at: number,
  end: number,
  packet: number,
  frameTsMicros: number | undefined,
  out: ImportCollector,
): void {
  const r = readHep(b.subarray(at, end));
  if (!r.ok) return out.skip(r.reason);
  const hep = r.packet;
  if (hep.protoType !== PROTO_TYPE_SIP) return out.skip(HEP_SKIP.notSip);
  const payload = Buffer.from(hep.payload.buffer, hep.payload.byteOffset, hep.payload.byteLength);
  const start = skipLineBreaks(payload, 0, payload.length);
  if (start === payload.length || checkStartLine(payload, start, payload.length) !== 'sip') {
    return out.skip(HEP_SKIP.payloadNotSip);
  }
  out.message(
    makeMessage(
      transportOf(hep.protocol),
      { address: hep.srcAddress, port: hep.srcPort },
      { address: hep.dstAddress, port: hep.dstPort },
      payload.toString('latin1', start),
      packet,
      // The agent's time is when the message crossed the original hop; HEPv1 has none.
      hep.tsMicros > 0 ? hep.tsMicros : frameTsMicros,
      false,
    ),
  );
}
