// One captured frame, from the link layer down to SIP: link header → IPv4/IPv6 (reassembling
// fragments) → UDP, TCP (plain or WebSocket) or SCTP → SIP. Tunnels are unwrapped on the way:
// IP in IP, GRE (with ERSPAN mirror sessions, PPP, MPLS), VXLAN, and HEP datagrams, whose SIP
// keeps the addresses and time its agent recorded. Every frame either feeds a message or is
// counted as skipped with its reason; nothing here throws on bad bytes.
import type { ImportCollector } from './import-collector';
import type { IpDatagram, IpReadResult } from './ip-datagram';
import { IpReassembler } from './ip-reassembly';
import { readIpv4 } from './ipv4';
import { readIpv6, walkIpv6Headers } from './ipv6';
import { readGre } from './gre';
import { importHep, looksLikeHep } from './hep-in-capture';
import { isSupportedLinkType, linkTypeName, locateIpHeader, locateIpInEthernet } from './link-layer';
import type { PcapImportOptions } from './pcap-import';
import { PortRoleTable } from './port-roles';
import { SctpAssociations } from './sctp';
import { SKIP } from './skip-reasons';
import { TcpStreams } from './tcp-streams';
import { readUdp } from './udp-sip';
import { VXLAN_PORT, vxlanEthernetAt } from './vxlan';

const UDP = 17;
const TCP = 6;
const IPV4_IN_IP = 4;
const IPV6_IN_IP = 41;
const GRE = 47;
const SCTP = 132;
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
// A mirror session of a tunnel (ERSPAN of IP-in-IP, VXLAN in GRE) nests 2 or 3 deep; deeper
// is damage or a crafted loop.
const MAX_TUNNEL_DEPTH = 4;
const TOO_DEEP = 'tunnelled too deep (more than 4 tunnels)';

export class PacketDecoder {
  private readonly ports: PortRoleTable;
  private readonly tcp: TcpStreams;
  private readonly sctp: SctpAssociations;
  private readonly reassembler = new IpReassembler();
  private readonly protocolReasons = new Map<number, string>();
  private readonly warnedLinkTypes = new Set<number>();

  constructor(
    private readonly out: ImportCollector,
    options: PcapImportOptions,
  ) {
    this.ports = new PortRoleTable(options);
    this.tcp = new TcpStreams(this.ports, out);
    this.sctp = new SctpAssociations(this.ports, out);
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
    this.sctp.finish();
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
        if (this.udpTunnel(d, packet, tsMicros, depth)) return;
        return readUdp(d, packet, tsMicros, this.ports, this.out);
      case TCP:
        return this.tcp.segment(d, packet, tsMicros);
      case SCTP:
        return this.sctp.packet(d, packet, tsMicros);
      case IPV4_IN_IP:
      case IPV6_IN_IP:
        if (depth < MAX_TUNNEL_DEPTH)
          return this.ip(d.bytes, d.start, d.end, packet, tsMicros, false, depth + 1);
        return this.out.skip(TOO_DEEP);
      case GRE:
        return this.gre(d, packet, tsMicros, depth);
      default:
        return this.out.skip(this.protocolReason(d.protocol));
    }
  }

  /** GRE (RFC 2784): IP, or an Ethernet frame (bridged, or an ERSPAN mirror session). */
  private gre(d: IpDatagram, packet: number, tsMicros: number | undefined, depth: number): void {
    if (depth >= MAX_TUNNEL_DEPTH) return this.out.skip(TOO_DEEP);
    const inner = readGre(d.bytes, d.start, d.end);
    if (inner.kind === 'skip') return this.out.skip(inner.reason);
    this.innerFrame(inner.kind, d.bytes, inner.at, d.end, packet, tsMicros, depth);
  }

  /** IP, or an Ethernet frame whose IP header is found as on the wire. */
  private innerFrame(
    kind: 'ip' | 'ethernet',
    b: Buffer,
    at: number,
    end: number,
    packet: number,
    tsMicros: number | undefined,
    depth: number,
  ): void {
    const ipAt = kind === 'ip' ? at : locateIpInEthernet(b, at, end);
    if (typeof ipAt === 'string') return this.out.skip(ipAt);
    this.ip(b, ipAt, end, packet, tsMicros, false, depth + 1);
  }

  /** VXLAN and HEP datagrams (true: handled here); anything else is left to readUdp. */
  private udpTunnel(d: IpDatagram, packet: number, tsMicros: number | undefined, depth: number): boolean {
    const b = d.bytes;
    if (d.end - d.start < 8) return false;
    const srcPort = ((b[d.start] ?? 0) << 8) | (b[d.start + 1] ?? 0);
    const dstPort = ((b[d.start + 2] ?? 0) << 8) | (b[d.start + 3] ?? 0);
    const udpLength = ((b[d.start + 4] ?? 0) << 8) | (b[d.start + 5] ?? 0);
    const end = udpLength >= 8 && d.start + udpLength <= d.end ? d.start + udpLength : d.end;
    const payload = d.start + 8;
    if (dstPort === VXLAN_PORT) {
      const ethernetAt = vxlanEthernetAt(b, payload, end);
      if (ethernetAt === undefined) return false;
      if (depth >= MAX_TUNNEL_DEPTH) this.out.skip(TOO_DEEP);
      else this.innerFrame('ethernet', b, ethernetAt, end, packet, tsMicros, depth);
      return true;
    }
    if (!looksLikeHep(b, payload, end, srcPort, dstPort)) return false;
    importHep(b, payload, end, packet, tsMicros, this.out);
    return true;
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
