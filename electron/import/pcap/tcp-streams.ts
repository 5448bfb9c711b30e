// SIP over TCP (RFC 3261 §18.3): the TCP header (RFC 793 §3.1), one TcpDirection per
// source/destination address and port, and the messages their framers produce.
import type { ImportCollector } from './import-collector';
import { makeMessage } from './make-message';
import type { IpDatagram } from './ip-datagram';
import { destinationEndpoint, endpointLabel, flowKey, sourceEndpoint } from './endpoint';
import type { PortRoleTable } from './port-roles';
import { TcpDirection, type TcpSink } from './tcp-direction';
import type { FramedMessage } from './sip-stream-framer';

const SYN = 0x02;

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

export class TcpStreams implements TcpSink {
  private readonly directions = new Map<string, TcpDirection>();

  constructor(
    private readonly ports: PortRoleTable,
    private readonly out: ImportCollector,
  ) {}

  segment(d: IpDatagram, packet: number, tsMicros: number | undefined): void {
    const b = d.bytes;
    if (d.end - d.start < 20) return this.skip('TCP header cut short');
    const dataOffset = ((b[d.start + 12] ?? 0) >> 4) * 4;
    if (dataOffset < 20 || d.start + dataOffset > d.end) return this.skip('damaged TCP header (data offset)');
    const srcPort = u16(b, d.start);
    const dstPort = u16(b, d.start + 2);
    const seq = (u16(b, d.start + 4) * 0x10000 + u16(b, d.start + 6)) >>> 0;
    const syn = ((b[d.start + 13] ?? 0) & SYN) !== 0;
    const key = flowKey(d, srcPort, dstPort);
    let direction = this.directions.get(key);
    if (!direction) {
      direction = new TcpDirection(
        sourceEndpoint(d, srcPort),
        destinationEndpoint(d, dstPort),
        this.ports.roles(srcPort, dstPort),
        this,
      );
      this.directions.set(key, direction);
    }
    direction.segment(seq, syn, b.subarray(d.start + dataOffset, d.end), packet, tsMicros);
  }

  /** End of the capture: flush every direction and say where bytes were missing or unusable. */
  finish(): void {
    for (const direction of this.directions.values()) {
      direction.finish();
      const label = `TCP ${endpointLabel(direction.src)} → ${endpointLabel(direction.dst)}`;
      if (direction.gaps > 0) {
        this.out.warn(
          `${label}: ${direction.missingBytes} bytes missing from the capture in ${direction.gaps} gap(s); ` +
            'messages cut by a gap are marked truncated',
        );
      }
      const discarded = direction.discardedBytes();
      if (discarded > 0) {
        this.out.warn(`${label}: ${discarded} bytes outside any SIP message skipped`);
      }
    }
  }

  message(direction: TcpDirection, m: FramedMessage): void {
    this.out.message(
      makeMessage('tcp', direction.src, direction.dst, m.text, m.packet, m.tsMicros, m.truncated),
    );
  }

  skip(reason: string): void {
    this.out.skip(reason);
  }
}
