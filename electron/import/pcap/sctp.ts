// SIP over SCTP (RFC 4168): each SIP message is one SCTP user message, carried in DATA chunks
// (RFC 4960 §3.3.1) or I-DATA chunks (RFC 8260 §2.1). A packet may bundle several chunks; a large
// message is fragmented over consecutive TSNs (B bit on the first, E bit on the last).
// Retransmitted chunks repeat a TSN already seen and are dropped.
import type { ImportCollector } from './import-collector';
import type { IpDatagram } from './ip-datagram';
import { destinationEndpoint, flowKey, sourceEndpoint } from './endpoint';
import { makeMessage } from './make-message';
import type { PortRoleTable } from './port-roles';
import { checkStartLine, skipLineBreaks } from './sip-start';

const COMMON_HEADER = 12;
const DATA = 0;
const I_DATA = 64;
const FLAG_END = 0x01;
const FLAG_BEGIN = 0x02;
// TSNs remembered per direction to recognise retransmissions: far more than are ever in flight.
const REMEMBERED_TSNS = 4096;
// A user message larger than this is damage, not SIP.
const MAX_MESSAGE = 16 * 1024 * 1024;
// Fragmented messages waiting for their end, per direction; more are abandoned.
const MAX_PENDING = 64;

export const SCTP_SKIP = {
  noData: 'SCTP without data (INIT, SACK, HEARTBEAT…)',
  retransmission: 'SCTP retransmission (TSN already seen)',
  notSip: 'SCTP, not SIP',
  lostFragment: 'SCTP fragment whose message never completed',
  cutShort: 'SCTP chunk cut short',
} as const;

interface Pending {
  nextTsn: number;
  readonly parts: Buffer[];
  bytes: number;
}

class SctpDirection {
  private readonly seen = new Set<number>();
  private readonly order: number[] = [];
  /** Fragmented messages in progress, by stream id (and message id for I-DATA). */
  readonly pending = new Map<string, Pending>();

  /** False when `tsn` was seen before (a retransmission). */
  remember(tsn: number): boolean {
    if (this.seen.has(tsn)) return false;
    this.seen.add(tsn);
    this.order.push(tsn);
    if (this.order.length > REMEMBERED_TSNS) this.seen.delete(this.order.shift() ?? 0);
    return true;
  }
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) * 0x10000 + u16(b, at + 2)) >>> 0;
}

export class SctpAssociations {
  private readonly directions = new Map<string, SctpDirection>();

  constructor(
    private readonly ports: PortRoleTable,
    private readonly out: ImportCollector,
  ) {}

  packet(d: IpDatagram, packet: number, tsMicros: number | undefined): void {
    const b = d.bytes;
    if (d.end - d.start < COMMON_HEADER) return this.out.skip('SCTP header cut short');
    const srcPort = u16(b, d.start);
    const dstPort = u16(b, d.start + 2);
    const direction = this.direction(d, srcPort, dstPort);
    // Messages completed, or fragments held for one: either way the packet is not skipped.
    let used = 0;
    let reason: string | undefined;
    const note = (r: string): void => {
      reason ??= r;
    };
    // Each chunk: type, flags, length (header included), value, padding to 4 bytes (§3.2).
    for (let at = d.start + COMMON_HEADER; at + 4 <= d.end;) {
      const type = b[at] ?? 0;
      const flags = b[at + 1] ?? 0;
      const length = u16(b, at + 2);
      if (length < 4) {
        note(SCTP_SKIP.cutShort);
        break;
      }
      const chunkEnd = at + length;
      if (chunkEnd > d.end) {
        note(SCTP_SKIP.cutShort);
        break;
      }
      if (type === DATA || type === I_DATA) {
        const headerLength = type === DATA ? 16 : 20;
        if (length < headerLength) note(SCTP_SKIP.cutShort);
        else {
          const tsn = u32(b, at + 4);
          const streamId = u16(b, at + 8);
          // I-DATA says which message a fragment belongs to; DATA fragments follow each other.
          const key = type === DATA ? String(streamId) : `${streamId}/${u32(b, at + 12)}`;
          const data = b.subarray(at + headerLength, chunkEnd);
          if (!direction.remember(tsn)) note(SCTP_SKIP.retransmission);
          else {
            const whole = this.reassemble(direction, key, tsn, flags, data, note);
            if (whole === 'held') used++;
            else if (whole) {
              if (this.emit(d, srcPort, dstPort, whole, packet, tsMicros)) used++;
              else note(SCTP_SKIP.notSip);
            }
          }
        }
      }
      at += (length + 3) & ~3;
    }
    if (used === 0) this.out.skip(reason ?? SCTP_SKIP.noData);
  }

  /** Messages still waiting for fragments at the end of the capture. */
  finish(): void {
    let lost = 0;
    for (const direction of this.directions.values()) lost += direction.pending.size;
    if (lost > 0) this.out.skip(SCTP_SKIP.lostFragment, lost);
  }

  private direction(d: IpDatagram, srcPort: number, dstPort: number): SctpDirection {
    const key = flowKey(d, srcPort, dstPort);
    let direction = this.directions.get(key);
    if (!direction) {
      direction = new SctpDirection();
      this.directions.set(key, direction);
    }
    return direction;
  }

  private reassemble(
    direction: SctpDirection,
    key: string,
    tsn: number,
    flags: number,
    data: Buffer,
    note: (reason: string) => void,
  ): Buffer | 'held' | undefined {
    const begin = (flags & FLAG_BEGIN) !== 0;
    const end = (flags & FLAG_END) !== 0;
    if (begin && end) return data;
    const pending = direction.pending;
    if (begin) {
      if (pending.has(key)) note(SCTP_SKIP.lostFragment);
      else if (pending.size >= MAX_PENDING) {
        note(SCTP_SKIP.lostFragment);
        return undefined;
      }
      // A copy: the packet's bytes may not outlive this call (streamed reading).
      pending.set(key, { nextTsn: (tsn + 1) >>> 0, parts: [Buffer.from(data)], bytes: data.length });
      return 'held';
    }
    const p = pending.get(key);
    if (!p || p.nextTsn !== tsn || p.bytes + data.length > MAX_MESSAGE) {
      if (p) pending.delete(key);
      note(SCTP_SKIP.lostFragment);
      return undefined;
    }
    p.parts.push(Buffer.from(data));
    p.bytes += data.length;
    p.nextTsn = (tsn + 1) >>> 0;
    if (!end) return 'held';
    pending.delete(key);
    return Buffer.concat(p.parts, p.bytes);
  }

  /** One user message: SIP when it starts like SIP, or anything on a SIP port (as over UDP). */
  private emit(
    d: IpDatagram,
    srcPort: number,
    dstPort: number,
    data: Buffer,
    packet: number,
    tsMicros: number | undefined,
  ): boolean {
    let at = skipLineBreaks(data, 0, data.length);
    if (at === data.length) return false;
    if (checkStartLine(data, at, data.length) !== 'sip') {
      if (!this.ports.roles(srcPort, dstPort).sip) return false;
      at = 0;
    }
    // SCTP delivers whole messages, as UDP does; 'unknown' keeps stream-only checks
    // (a mandatory Content-Length, RFC 3261 §18.3) off them.
    this.out.message(
      makeMessage(
        'unknown',
        sourceEndpoint(d, srcPort),
        destinationEndpoint(d, dstPort),
        data.toString('latin1', at),
        packet,
        tsMicros,
        false,
      ),
    );
    return true;
  }
}
