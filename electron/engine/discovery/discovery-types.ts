// What server discovery hands to the CLI, the UI and the registrar: every place a name sends
// SIP traffic, in the order RFC 3263 says to try them, and how that was worked out.
import type { TransportName } from '../../../shared/trace-types';

/** Where a target's address came from. */
export type TargetSource =
  /** The user typed an IP address: no DNS. */
  | 'ip'
  /** An SRV record's target, resolved to A/AAAA. */
  | 'srv'
  /** An A record of the name itself (no SRV, or an explicit port). */
  | 'a'
  /** An AAAA record of the name itself. */
  | 'aaaa';

export interface SipTarget {
  /** The SRV target name, or the name (or IP) the user typed. */
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly transport: TransportName;
  readonly source: TargetSource;
  /** From the SRV record, for source 'srv'. */
  readonly priority?: number;
  readonly weight?: number;
}

export interface Discovery {
  /** The server as the user gave it. */
  readonly input: string;
  /** In the order to try; never empty (discovery throws instead). */
  readonly targets: readonly SipTarget[];
  /** One line per lookup, for `sipkit` to print. */
  readonly steps: readonly string[];
}
