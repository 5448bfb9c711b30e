// SIP over UDP (RFC 3261 §18.1): one datagram, one message. The UDP header is RFC 768.
import type { ImportedMessage } from '../imported-message';
import type { IpDatagram } from './ip-datagram';
import { destinationEndpoint, sourceEndpoint } from './endpoint';
import { makeMessage } from './make-message';
import type { PortRoleTable } from './port-roles';
import { SKIP, tlsReason } from './skip-reasons';
import { checkStartLine, isStun, skipLineBreaks } from './sip-start';

export interface UdpSink {
  message(message: ImportedMessage): void;
  skip(reason: string): void;
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

function allZero(b: Uint8Array, at: number, end: number): boolean {
  for (let i = at; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

export function readUdp(
  d: IpDatagram,
  packet: number,
  tsMicros: number | undefined,
  ports: PortRoleTable,
  sink: UdpSink,
): void {
  const b = d.bytes;
  if (d.end - d.start < 8) return sink.skip('UDP header cut short');
  const srcPort = u16(b, d.start);
  const dstPort = u16(b, d.start + 2);
  const udpLength = u16(b, d.start + 4);
  // Length 0 only for IPv6 jumbograms (RFC 2675); otherwise the UDP length bounds the payload.
  const end = udpLength >= 8 && d.start + udpLength <= d.end ? d.start + udpLength : d.end;
  const payload = d.start + 8;
  if (payload === end) return sink.skip(SKIP.udpEmpty);
  const at = skipLineBreaks(b, payload, end);
  if (at === end) return sink.skip(SKIP.crlfKeepAlive);
  // Blank lines before the start line are not part of the message (RFC 3261 §7.5).
  let textStart = at;
  if (checkStartLine(b, at, end) !== 'sip') {
    if (isStun(b, payload, end)) return sink.skip(SKIP.stun);
    const roles = ports.roles(srcPort, dstPort);
    // DTLS or anything else on a TLS port is as unreadable as TLS.
    if (roles.tlsPort !== undefined) return sink.skip(tlsReason(roles.tlsPort));
    if (!roles.sip) return sink.skip(SKIP.udpNotSip);
    if (end - payload <= 8 && allZero(b, payload, end)) return sink.skip(SKIP.nulKeepAlive);
    // On a SIP port a payload that does not start like SIP is still imported whole: the
    // tolerant parser says what is wrong with it.
    textStart = payload;
  }
  const text = b.toString('latin1', textStart, end);
  sink.message(
    makeMessage(
      'udp',
      sourceEndpoint(d, srcPort),
      destinationEndpoint(d, dstPort),
      text,
      packet,
      tsMicros,
      false,
    ),
  );
}
