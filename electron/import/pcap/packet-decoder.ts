// One captured frame, from the link layer down to SIP: link header → IPv4/IPv6 (reassembling
// fragments) → UDP or TCP → SIP. Every frame either feeds a message or is counted as skipped
// with its reason; nothing here throws on bad bytes.
import type { ImportCollector } from './import-collector';
import type { IpDatagram, IpReadResult } from './ip-datagram';
import { IpReassembler } from './ip-reassembly';
import { readIpv4 } from './ipv4';
import { readIpv6, walkIpv6Headers } from './ipv6';
import { isSupportedLinkType, linkTypeName, locateIpHeader } from './link-layer';
import type { PcapImportOptions } from './pcap-import';
import { PortRoleTable } from './port-roles';
import { SKIP } from './skip-reasons';
import { TcpStreams } from './tcp-streams';
import { readUdp } from './udp-sip';

const UDP = 17;
const TCP = 6;
const IPV4_IN_IP = 4;
const IPV6_IN_IP = 41;
// Names for the protocols a SIP capture commonly holds besides UDP and TCP (IANA numbers).
const PROTOCOL_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'ICMP'],
  [2, 'IGMP'],
  [47, 'GRE'],
  [58, 'ICMPv6'],
  [89, 'OSPF'],
  [112, 'VRRP'],
  [132, 'SCTP'],
]);
// IP-in-IP inside IP-in-IP is possible; deeper nesting is damage.
const MAX_TUNNEL_DEPTH = 2;

export class PacketDecoder {
  private readonly ports: PortRoleTable;
  private readonly tcp: TcpStreams;
  private readonly reassembler = new IpReassembler();
  private readonly protocolReasons = new Map<number, string>();
  private readonly warnedLinkTypes = new Set<number>();

  constructor(
    private readonly out: ImportCollector,
    options: PcapImportOptions,
  ) {
    this.ports = new PortRoleTable(options);
    this.tcp = new TcpStreams(this.ports, out);
  }

  /**
   * One frame: `frame[start, end)` as captured. `cutBySnaplen` when the capture kept fewer
   * bytes than were on the wire (caplen < original length).
   */
  packet(
    linkType: number,
    frame: Buffer,
    start: number,
    end: number,
    packet: number,
    tsMicros: number | undefined,
    cutBySnaplen: boolean,
  ): void {
    const ipAt = locateIpHeader(linkType, frame, start, end);
    if (typeof ipAt === 'string') {
      if (!isSupportedLinkType(linkType) && !this.warnedLinkTypes.has(linkType)) {
        this.warnedLinkTypes.add(linkType);
        this.out.warn(
          `link type ${linkType} (${linkTypeName(linkType)}) is not supported: its packets are skipped`,
        );
      }
      return this.out.skip(ipAt);
    }
    this.ip(frame, ipAt, end, packet, tsMicros, cutBySnaplen, 0);
  }

  /** End of the file: streams still open are flushed, incomplete datagrams counted. */
  finish(): void {
    this.tcp.finish();
    const incomplete = this.reassembler.incompletePackets();
    if (incomplete > 0) this.out.skip(SKIP.incompleteFragments, incomplete);
  }

  private ip(
    b: Buffer,
    at: number,
    end: number,
    packet: number,
    tsMicros: number | undefined,
    cutBySnaplen: boolean,
    depth: number,
  ): void {
    const version = (b[at] ?? 0) >> 4;
    let result: IpReadResult | { kind: 'pending' };
    if (version === 4) result = readIpv4(b, at, end, cutBySnaplen);
    else if (version === 6) result = readIpv6(b, at, end, cutBySnaplen);
    else return this.out.skip(`not IPv4 or IPv6 (IP version ${version})`);
    if (result.kind === 'fragment') result = this.reassemble(result);
    if (result.kind === 'skip') return this.out.skip(result.reason);
    if (result.kind === 'datagram') this.transport(result.datagram, packet, tsMicros, depth);
  }

  private reassemble(result: IpReadResult & { kind: 'fragment' }): IpReadResult | { kind: 'pending' } {
    const done = this.reassembler.add(result.fragment);
    if (done === 'pending') return { kind: 'pending' };
    if (typeof done === 'string') return { kind: 'skip', reason: done };
    const { family, protocol, addressBytes, srcAt, dstAt, bytes } = done;
    if (family === 6) {
      // Extension headers may follow the Fragment header (RFC 8200 §4.1): walk them now.
      return walkIpv6Headers(protocol, bytes, 0, bytes.length, addressBytes, srcAt, dstAt, false);
    }
    return {
      kind: 'datagram',
      datagram: { family, protocol, addressBytes, srcAt, dstAt, bytes, start: 0, end: bytes.length },
    };
  }

  private transport(d: IpDatagram, packet: number, tsMicros: number | undefined, depth: number): void {
    switch (d.protocol) {
      case UDP:
        return readUdp(d, packet, tsMicros, this.ports, this.out);
      case TCP:
        return this.tcp.segment(d, packet, tsMicros);
      case IPV4_IN_IP:
      case IPV6_IN_IP:
        if (depth < MAX_TUNNEL_DEPTH)
          return this.ip(d.bytes, d.start, d.end, packet, tsMicros, false, depth + 1);
        return this.out.skip('IP tunnelled too deep');
      default:
        return this.out.skip(this.protocolReason(d.protocol));
    }
  }

  private protocolReason(protocol: number): string {
    let reason = this.protocolReasons.get(protocol);
    if (reason === undefined) {
      const name = PROTOCOL_NAMES.get(protocol);
      reason = `not UDP or TCP (IP protocol ${protocol}${name ? `, ${name}` : ''})`;
      this.protocolReasons.set(protocol, reason);
    }
    return reason;
  }
}
