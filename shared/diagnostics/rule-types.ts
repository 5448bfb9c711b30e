// The shape of a rule and what it is given. A rule is a pure function of the trace, the profile
// and the derived index; it returns findings and never touches anything else.
import type { RtpStreamRecord } from '../media/rtp-stream';
import type { ProviderProfile } from '../profiles/profile-schema';
import type { MediaReport } from './call-media';
import type { TraceIndex } from './trace-index';
import type { Finding, TraceMessage } from './trace-model';

export interface AnalyzeOptions {
  /** Addresses (ip or ip:port) of the PBX, when the caller knows them; they decide call direction. */
  readonly pbxAddresses?: readonly string[];
  /** Replaces the built-in rule registry (tests, or a UI that runs a subset). */
  readonly rules?: readonly Rule[];
  /**
   * The source gave no usable times (a text log without stamps): the trace is read as untimed and
   * the rules that measure intervals are skipped (`AnalysisResult.skippedForTime`), rather than
   * judging times an importer made up.
   */
  readonly timesUnknown?: boolean;
  /**
   * The RTP streams of a capture (pcap import, live capture); undefined when the source cannot
   * hold RTP (a text log, HEP), so the media rules stay silent rather than call every call mute.
   */
  readonly rtpStreams?: readonly RtpStreamRecord[];
}

export interface RuleContext {
  readonly messages: readonly TraceMessage[];
  readonly profile: ProviderProfile;
  readonly index: TraceIndex;
  readonly options: AnalyzeOptions;
  /** Streams per call, when options.rtpStreams was given. */
  readonly media?: MediaReport;
}

export interface Rule {
  /** The id from docs/provider-rules.md; several rules never share one. */
  readonly id: string;
  readonly title: string;
  /** What the rule judges is intervals or rates: meaningless when the trace's times are unknown. */
  readonly measuresTime?: boolean;
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
  /** Ids of the rules not run because the trace's times are unknown (options.timesUnknown). */
  readonly skippedForTime?: readonly string[];
  /** Streams per call and the verdict of each, when options.rtpStreams was given. */
  readonly media?: MediaReport;
  readonly stats: TraceStats;
}
