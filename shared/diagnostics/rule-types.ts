// The shape of a rule and what it is given. A rule is a pure function of the trace, the profile
// and the derived index; it returns findings and never touches anything else.
import type { ProviderProfile } from "../profiles/profile-schema";
import type { TraceIndex } from "./trace-index";
import type { Finding, TraceMessage } from "./trace-model";

export interface AnalyzeOptions {
  /** Addresses (ip or ip:port) of the PBX, when the caller knows them; they decide call direction. */
  readonly pbxAddresses?: readonly string[];
  /** Replaces the built-in rule registry (tests, or a UI that runs a subset). */
  readonly rules?: readonly Rule[];
}

export interface RuleContext {
  readonly messages: readonly TraceMessage[];
  readonly profile: ProviderProfile;
  readonly index: TraceIndex;
  readonly options: AnalyzeOptions;
}

export interface Rule {
  /** The id from docs/provider-rules.md; several rules never share one. */
  readonly id: string;
  readonly title: string;
  run(ctx: RuleContext): readonly Finding[];
}

export interface TraceStats {
  readonly messages: number;
  readonly requests: number;
  readonly responses: number;
  /** Messages the tolerant parser could read only in part (at least one syntax problem). */
  readonly damagedMessages: number;
  /** Requests as events: one relayed by a proxy over several hops of the capture counts once. */
  readonly transactions: number;
  /** Request copies beyond the first of their transaction (same sender, per hop). */
  readonly retransmissions: number;
  /** Calls (initial INVITE dialogs), by direction. */
  readonly calls: number;
  readonly answeredCalls: number;
  readonly inboundCalls: number;
  readonly outboundCalls: number;
  /** Answered calls: dialogs that were established. */
  readonly dialogs: number;
  /** Registration bindings (AoR + registrar + Contact) and their attempts. */
  readonly registrations: number;
  readonly registrationAttempts: number;
  /** Seconds from the first to the last timed message. */
  readonly durationSeconds?: number;
  /** Keep-alives (CRLF, blanks, vendor words, STUN) beside the SIP messages; not in `messages`. */
  readonly keepAlives?: number;
}

export interface AnalysisResult {
  readonly findings: readonly Finding[];
  readonly stats: TraceStats;
}
