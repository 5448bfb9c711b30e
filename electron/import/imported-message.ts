// One SIP message as an importer read it from a file, before any parsing: what both the text-trace
// reader (./text-trace.ts) and the pcap reader produce, and what the trace builder turns into
// TraceMessages. Fields a source does not give are left out rather than guessed.

export type ImportedTransport = 'udp' | 'tcp' | 'tls' | 'unknown';

export interface ImportedEndpoint {
  readonly address: string;
  readonly port: number;
}

export interface ImportedMessage {
  /** Microseconds since the Unix epoch; undefined when the source gave no time. */
  readonly tsMicros?: number;
  readonly transport: ImportedTransport;
  /** Sender and receiver; undefined when the source did not say. */
  readonly src?: ImportedEndpoint;
  readonly dst?: ImportedEndpoint;
  /**
   * A text log written by one host says which way each message went for it: received ('in',
   * `dst` is the host) or sent ('out', `src` is the host). Undefined for captures and plain text.
   */
  readonly way?: 'in' | 'out';
  /** The message (latin1: one char per byte). */
  readonly text: string;
  /** 1-based line of the file where the message starts (its start line). */
  readonly sourceLine: number;
  /** The source ended inside this message: `text` is what was there. */
  readonly truncated?: boolean;
}
