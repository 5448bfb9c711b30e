// SIP over UDP (RFC 3261 §18.1): one datagram, one message. The UDP header is RFC 768.
import type { ImportedMessage } from '../imported-message';
import type { IpDatagram } from './ip-datagram';
import { destinationEndpoint, sourceEndpoint } from './endpoint';
import { makeMessage } from './make-message';
import type { PortRoleTable } from './port-roles';
import { SKIP, tlsReason } from './skip-reasons';
import { checkStartLine, isStun, skipLineBreaks } from './sip-start';
import { classifyKeepAlive, isLineEndKeepAlive } from '../../../shared/sip/keep-alive';

export interface UdpSink {
  message(message: ImportedMessage): void;
  skip(reason: string): void;
  /** A datagram that is not SIP, for the RTP/RTCP statistics (rtp-collector.ts). */
  notSip?(
    d: IpDatagram,
    srcPort: number,
    dstPort: number,
    at: number,
    end: number,
    tsMicros: number | undefined,
  ): void;
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
  // Keep-alives are kept (counted, drawn as marks), never imported as broken SIP: line ends are
  // SIP's own (RFC 5626 §4.4.1) on any port, blanks, NULs, words and STUN only on a SIP port.
  const keepAlive = classifyKeepAlive(b, payload, end);
  if (keepAlive !== undefined && !isLineEndKeepAlive(keepAlive) && !ports.keepAliveIsSip(srcPort, dstPort)) {
    return sink.skip(keepAlive === 'stun' ? SKIP.stun : SKIP.udpNotSip);
  }
  if (keepAlive !== undefined) {
    const text = b.toString('latin1', payload, end);
    const src = sourceEndpoint(d, srcPort);
    return sink.message(
      makeMessage('udp', src, destinationEndpoint(d, dstPort), text, packet, tsMicros, false),
    );
  }
  const at = skipLineBreaks(b, payload, end);
  if (at === end) return sink.skip(SKIP.crlfKeepAlive);
  // Blank lines before the start line are not part of the message (RFC 3261 §7.5).
  let textStart = at;
  const startLine = checkStartLine(b, at, end);
  if (startLine === 'sip') ports.carriedSip(srcPort, dstPort);
  else {
    if (isStun(b, payload, end)) return sink.skip(SKIP.stun);
    const roles = ports.roles(srcPort, dstPort);
    // DTLS or anything else on a TLS port is as unreadable as TLS.
    if (roles.tlsPort !== undefined) return sink.skip(tlsReason(roles.tlsPort));
    if (!roles.sip) {
      sink.notSip?.(d, srcPort, dstPort, payload, end, tsMicros);
      return sink.skip(SKIP.udpNotSip);
    }
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
