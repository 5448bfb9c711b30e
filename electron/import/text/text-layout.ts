// What a log layout tells the reader: which lines announce a message (markers) and what they
// say about it, which lines end one, and how the logger indented it. The reading itself
// (headers, then a body sized by Content-Length) is the same for every layout: message-reader.ts.
import type { ImportedEndpoint, ImportedTransport } from '../imported-message';
import type { LoggedWay } from './log-host';
import type { Stamp } from './log-time';

export interface Marker {
  readonly transport?: ImportedTransport;
  readonly src?: ImportedEndpoint;
  readonly dst?: ImportedEndpoint;
  /**
   * Which way the message went for the host that wrote the log: received ('in') or sent ('out').
   * Undefined when the layout does not say (plain text, a sniffer's export naming both sides).
   */
  readonly way?: LoggedWay;
  readonly stamp?: Stamp;
  /** An address the marker gave without a port (so not kept as an endpoint). */
  readonly portless?: string;
  /** The line that closes this block (e.g. "<------------->"); undefined when none does. */
  readonly closedBy?: (line: string) => boolean;
  /** The logger always writes the closing line: without it at the end of the file, the block was cut. */
  readonly expectsClose?: boolean;
  /** The marker line is the message's start line (plain text). */
  readonly isStartLine?: boolean;
}

export type LayoutFormat =
  | 'plain-sip'
  | 'received-packet'
  | 'asterisk-sip-debug'
  | 'freeswitch-siptrace'
  | 'sngrep-txt'
  | 'baresip-sip-trace';

export interface TextLayout {
  readonly format: LayoutFormat;
  /** What a marker line says, or undefined when the line is not one. */
  marker(line: string): Marker | undefined;
  /** A line that ends a message besides markers: the next entry of a log. */
  endsMessage?(line: string): boolean;
  /** A time on a line that is not a marker (a log prefix, a dated log line). */
  stampOf?(line: string): Stamp | undefined;
  /** Undo the logger's indentation of message lines. */
  unindent?(line: string): string;
  /**
   * Messages may sit in the text without a marker, one after another, so a start line ends the
   * previous message and starts a new one (plain text, and the loose layouts).
   */
  readonly loose: boolean;
  /** Other lines are expected between messages (a log file), so skipping them is not worth a warning. */
  readonly chatty: boolean;
  /** The log is written by the PBX itself (Asterisk, FreeSWITCH): its own address is the PBX's. */
  readonly writtenByPbx?: boolean;
}
