// A trace as the rules engine reads it: messages in order with time and addresses, each parsed
// tolerantly. Built from a live run (the store) or an import (pcap, text); the rules never know
// which.
import type { KeepAliveKind } from '../sip/keep-alive';
import type { SipDocument } from '../sip/sip-document';

export interface TraceEndpoint {
  readonly address: string;
  readonly port: number;
}

export interface TraceMessage {
  /** 0-based position in the trace; findings point at messages by this index. */
  readonly index: number;
  /** Microseconds since the Unix epoch; undefined when the source had no time (some text logs). */
  readonly tsMicros?: number;
  readonly transport: 'udp' | 'tcp' | 'tls' | 'unknown';
  /** Sender and receiver; undefined when the source did not say (some text logs). */
  readonly src?: TraceEndpoint;
  readonly dst?: TraceEndpoint;
  /** The message text (latin1: one char per byte). */
  readonly text: string;
  readonly doc: SipDocument;
  /** Store id of the message when it came from a stored run. */
  readonly storedId?: number;
  /** Not a SIP message but a keep-alive (CRLF, blanks, a vendor word, STUN): counted, never judged. */
  readonly keepAlive?: KeepAliveKind;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Evidence {
  readonly messageIndex: number;
  /** 1-based line within that message, when one line proves it. */
  readonly line?: number;
  /** The line's text, quoted. */
  readonly text?: string;
}

export interface Finding {
  /** The rule id from docs/provider-rules.md, e.g. "trunk.from-host". */
  readonly rule: string;
  readonly severity: Severity;
  /** One line: what is wrong. */
  readonly title: string;
  readonly evidence: readonly Evidence[];
  readonly observed?: string;
  readonly expected?: string;
  /** One paragraph for a non-expert. */
  readonly explanation: string;
  readonly fix: string;
}
