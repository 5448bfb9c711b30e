// Domain types of captured traffic, shared by the engine, the store, the CLI and the UI.
// Pure data: no Node, no DOM.

export type Direction = 'in' | 'out';
export type TransportName = 'udp' | 'tcp';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** What the capture knows about one message without its raw bytes. */
export interface MessageSummary {
  /** Wall-clock time the bytes crossed the socket, microseconds since the Unix epoch. */
  readonly tsMicros: number;
  readonly direction: Direction;
  readonly transport: TransportName;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** False when the bytes did not parse as SIP; parseError then says why. */
  readonly parsed: boolean;
  readonly parseError?: string;
  readonly callId?: string;
  readonly cseqSeq?: number;
  readonly cseqMethod?: string;
  /** Request method, for requests. */
  readonly method?: string;
  /** Status code and reason phrase, for responses. */
  readonly status?: number;
  readonly reason?: string;
}

/** One datagram or stream-framed message exactly as it was on the wire. */
export interface CapturedMessage extends MessageSummary {
  readonly raw: Uint8Array;
}

/**
 * 'hangup': BYEs for the calls an interrupted run left up (sipkit hangup RUN). 'capture': other
 * devices' traffic seen live (an interface through dumpcap, a pcap stream on stdin, a HEP listener).
 */
export type RunKind = 'register' | 'options' | 'call' | 'answer' | 'import' | 'load' | 'hangup' | 'capture';

export interface RunInput {
  readonly kind: RunKind;
  /** What the run was pointed at, as the user typed it (e.g. "pbx.example.com:5060"). */
  readonly target: string;
  readonly profile: string;
  /** Free-form parameters of the run (never a password). */
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface RunRecord extends RunInput {
  readonly id: number;
  readonly startedAtMicros: number;
  readonly endedAtMicros?: number;
  readonly ok?: boolean;
  readonly summary?: string;
  readonly messageCount: number;
  /** Its process ended (killed, crashed) without finishing it; set by the next start. */
  readonly interrupted?: boolean;
}

/** A stored message without its bytes: what a scan of a whole run (hundreds of thousands) reads. */
export interface StoredSummary extends MessageSummary {
  readonly id: number;
  readonly runId: number;
}

export interface StoredMessage extends CapturedMessage {
  readonly id: number;
  readonly runId: number;
}
