// Which ports say "SIP" and which say "SIP over TLS" (RFC 3261 §19.1.2 defaults: 5060, 5061).
// Ports only decide for payloads that do not show it themselves: a payload starting with a SIP
// start line is SIP on any port, and one on 5061 that starts like SIP is plain SIP after all.
import type { PcapImportOptions } from './pcap-import';

export interface PortRoles {
  /** Traffic on the port pair is SIP even when it does not start like SIP. */
  readonly sip: boolean;
  /** Set when one port is a SIP-over-TLS port (its number, for the skip reason). */
  readonly tlsPort: number | undefined;
}

export const DEFAULT_SIP_PORTS: readonly number[] = [5060, 5061];
export const DEFAULT_TLS_PORTS: readonly number[] = [5061];

// Shared answers for the common cases, so asking per packet allocates nothing.
const SIP: PortRoles = { sip: true, tlsPort: undefined };
const NOT_SIP: PortRoles = { sip: false, tlsPort: undefined };

export class PortRoleTable {
  private readonly sip: ReadonlySet<number>;
  private readonly tls: ReadonlySet<number>;

  constructor(options: PcapImportOptions) {
    this.sip = new Set(options.sipPorts ?? DEFAULT_SIP_PORTS);
    this.tls = new Set(options.tlsPorts ?? DEFAULT_TLS_PORTS);
  }

  /** Ports a datagram with a SIP start line used: a keep-alive on them is SIP's (keep-alive.ts). */
  private readonly carried = new Set<number>();

  carriedSip(srcPort: number, dstPort: number): void {
    this.carried.add(srcPort);
    this.carried.add(dstPort);
  }

  /** A keep-alive between these ports belongs to SIP: a SIP port, or ports SIP was seen on. */
  keepAliveIsSip(srcPort: number, dstPort: number): boolean {
    return this.roles(srcPort, dstPort).sip || (this.carried.has(srcPort) && this.carried.has(dstPort));
  }

  roles(srcPort: number, dstPort: number): PortRoles {
    const tlsPort = this.tls.has(dstPort) ? dstPort : this.tls.has(srcPort) ? srcPort : undefined;
    if (tlsPort !== undefined) return { sip: false, tlsPort };
    return this.sip.has(srcPort) || this.sip.has(dstPort) ? SIP : NOT_SIP;
  }
}
