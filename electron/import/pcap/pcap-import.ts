// What readPcap returns: the SIP messages it found, and enough about the rest of the file for
// support staff to trust (or distrust) the result: which link types it held, how many packets,
// which packets were left out and why, and where reading stopped when the file is damaged.
import type { RtpStreamRecord } from '../../../shared/media/rtp-stream';
import type { ImportedMessage } from '../imported-message';

export interface PcapImportOptions {
  /**
   * Ports whose UDP datagrams and TCP streams are SIP even when a payload does not start with a
   * SIP start line (a capture that began mid-stream, a damaged message). Default 5060, 5061.
   * Payloads on any port that start with a request or status line are SIP regardless.
   */
  readonly sipPorts?: readonly number[];
  /** Ports whose traffic is SIP over TLS: encrypted, so skipped with a reason. Default 5061. */
  readonly tlsPorts?: readonly number[];
}

export interface SkippedCount {
  readonly reason: string;
  /** Packets skipped for this reason. */
  readonly count: number;
}

export interface StoppedAt {
  /** 1-based number of the packet that could not be read (one more than the packets read). */
  readonly packet: number;
  /** Byte offset in the file where the unreadable part starts. */
  readonly offset: number;
  readonly reason: string;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export interface PcapImport {
  /** In packet order; each message's sourceLine is the packet that completed it. */
  readonly messages: ImportedMessage[];
  /** 'unknown' when the file is neither (empty, too short, bad magic): see warnings. */
  readonly format: CaptureFormat | 'unknown';
  /** Link types of the file (pcap) or of its interfaces (pcapng), e.g. "ETHERNET", "LINUX_SLL2". */
  readonly linkTypes: string[];
  /** Packet records read. */
  readonly packets: number;
  readonly skipped: SkippedCount[];
  /** RTP streams among the datagrams that were not SIP (two packets or more each); absent when the file is no capture. */
  readonly rtpStreams?: readonly RtpStreamRecord[];
  /** Set when the file could not be read to its end; everything before was imported. */
  readonly stoppedAt?: StoppedAt;
  /** One line each, for people: damage, gaps in TCP streams, unsupported link types. */
  readonly warnings: string[];
}
