// Gathers what one readPcap pass produces. Messages are kept with the order they were found in
// so the final sort by packet number is stable: several messages completed by one TCP segment
// stay in stream order.
import type { ImportedMessage } from '../imported-message';
import type { IpDatagram } from './ip-datagram';
import type { CaptureFormat, PcapImport, SkippedCount, StoppedAt } from './pcap-import';
import { RtpCollector } from './rtp-collector';

// A capture with thousands of TCP gaps must not bury the one line that matters.
const MAX_WARNINGS = 50;

export class ImportCollector {
  private readonly messages: ImportedMessage[] = [];
  private readonly skips = new Map<string, number>();
  private readonly warnings: string[] = [];
  private droppedWarnings = 0;
  private readonly linkTypes: string[] = [];
  /** RTP streams and RTCP reports among the datagrams that are not SIP. */
  readonly rtp = new RtpCollector();
  packets = 0;
  stoppedAt: StoppedAt | undefined;

  message(message: ImportedMessage): void {
    this.messages.push(message);
  }

  skip(reason: string, count = 1): void {
    this.skips.set(reason, (this.skips.get(reason) ?? 0) + count);
  }

  notSip(
    d: IpDatagram,
    srcPort: number,
    dstPort: number,
    at: number,
    end: number,
    tsMicros: number | undefined,
  ): void {
    this.rtp.datagram(d, srcPort, dstPort, at, end, tsMicros ?? 0);
  }

  warn(line: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(line);
    else this.droppedWarnings++;
  }

  linkType(name: string): void {
    if (!this.linkTypes.includes(name)) this.linkTypes.push(name);
  }

  stop(packet: number, offset: number, reason: string): void {
    this.stoppedAt = { packet, offset, reason };
    this.warn(`stopped reading at byte ${offset} (packet ${packet}): ${reason}`);
  }

  result(format: CaptureFormat): PcapImport {
    // Array.prototype.sort is stable, so messages of one packet keep their order.
    const messages = [...this.messages].sort((a, b) => a.sourceLine - b.sourceLine);
    const skipped: SkippedCount[] = [...this.skips].map(([reason, count]) => ({ reason, count }));
    if (this.rtp.dropped > 0)
      this.warn(`${this.rtp.dropped} RTP packet(s) of further streams not counted: over the stream limit`);
    const warnings =
      this.droppedWarnings > 0
        ? [...this.warnings, `… and ${this.droppedWarnings} more warnings`]
        : [...this.warnings];
    return {
      messages,
      format,
      linkTypes: [...this.linkTypes],
      packets: this.packets,
      skipped,
      rtpStreams: this.rtp.records(),
      ...(this.stoppedAt ? { stoppedAt: this.stoppedAt } : {}),
      warnings,
    };
  }
}
