// Reads a pcap or pcapng capture as it is being written (dumpcap -w -, tcpdump -U -w -, a pipe
// from ssh): bytes are pushed as they arrive and every SIP message is handed on as soon as the
// packet that completes it is in. Same record, block and packet code as readPcap (a whole file);
// only the bytes not yet forming a whole record are kept, so memory stays bounded however long
// the capture runs.
import type { RtpStreamRecord } from '../../../shared/media/rtp-stream';
import type { ImportedMessage } from '../imported-message';
import {
  CLASSIC_FILE_HEADER,
  readClassicHeader,
  readClassicRecords,
  type ClassicPcapHeader,
} from './classic-pcap';
import { ImportCollector } from './import-collector';
import { PacketDecoder } from './packet-decoder';
import type { CaptureFormat, PcapImport, PcapImportOptions } from './pcap-import';
import { readPcapngBlocks, type PcapngState } from './pcapng';
import { captureFlavour, PCAPNG_MAGIC } from './read-pcap';

/** An ImportCollector that hands each message on instead of keeping it. */
class ForwardingCollector extends ImportCollector {
  constructor(private readonly onMessage: (m: ImportedMessage) => void) {
    super();
  }

  override message(message: ImportedMessage): void {
    this.onMessage(message);
  }
}

/** What the stream held, once it ended: everything readPcap reports but the messages (already handed on). */
export type PcapStreamSummary = Omit<PcapImport, 'messages'>;

export class PcapStreamReader {
  private readonly out: ForwardingCollector;
  private readonly decoder: PacketDecoder;
  private pending: Buffer = Buffer.alloc(0);
  /** Stream offset of pending[0]. */
  private base = 0;
  private format: CaptureFormat | 'unknown' | undefined;
  private classic: ClassicPcapHeader | undefined;
  private readonly pcapng: PcapngState = {};
  private notACapture: string | undefined;
  private ended = false;

  constructor(onMessage: (m: ImportedMessage) => void, opts: PcapImportOptions = {}) {
    this.out = new ForwardingCollector(onMessage);
    this.decoder = new PacketDecoder(this.out, opts);
  }

  /** Packet records read so far. */
  get packets(): number {
    return this.out.packets;
  }

  /** The RTP streams seen so far (two packets or more each): counters, never packets. */
  rtpStreams(): RtpStreamRecord[] {
    return this.out.rtp.records();
  }

  /** Why reading stopped for good (damage, not a capture), if it did: later bytes are ignored. */
  get stopped(): string | undefined {
    return this.notACapture ?? this.out.stoppedAt?.reason;
  }

  push(chunk: Uint8Array): void {
    if (this.ended || this.stopped !== undefined || chunk.length === 0) return;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // A new buffer rather than growing one in place: the TCP reassembly may hold views of earlier bytes.
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    this.read(false);
  }

  /** The stream ended: a record cut short is reported, TCP streams are flushed. */
  end(): PcapStreamSummary {
    if (!this.ended) {
      this.ended = true;
      if (this.stopped === undefined) {
        if (this.format === undefined) {
          this.notACapture =
            this.base + this.pending.length === 0
              ? 'no capture data arrived (0 bytes)'
              : `the stream ended before a pcap or pcapng header (${this.pending.length} bytes)`;
        } else this.read(true);
      }
      this.decoder.finish();
    }
    const result = this.out.result(this.format === 'unknown' || !this.format ? 'pcap' : this.format);
    const { messages: _none, ...summary } = result;
    if (this.notACapture === undefined) return { ...summary, format: this.format ?? 'unknown' };
    return { ...summary, format: 'unknown', warnings: [this.notACapture, ...summary.warnings] };
  }

  private read(final: boolean): void {
    let at = 0;
    if (this.format === undefined) {
      if (this.pending.length < 4) return;
      const magic = this.pending.readUInt32LE(0);
      const flavour = captureFlavour(magic);
      if (flavour) {
        if (this.pending.length < CLASSIC_FILE_HEADER) {
          if (final)
            this.out.stop(1, 0, `stream ends inside the pcap file header (${this.pending.length} bytes)`);
          return;
        }
        this.format = 'pcap';
        this.classic = readClassicHeader(this.pending, flavour, this.out);
        at = CLASSIC_FILE_HEADER;
      } else if (magic === PCAPNG_MAGIC) {
        this.format = 'pcapng';
      } else {
        this.format = 'unknown';
        this.notACapture = `not a pcap or pcapng stream (magic 0x${this.pending.toString('hex', 0, 4)})`;
        this.pending = Buffer.alloc(0);
        return;
      }
    }
    const p = this.pending;
    const next = this.classic
      ? readClassicRecords(p, at, this.classic, this.decoder, this.out, final, this.base)
      : readPcapngBlocks(p, at, this.pcapng, this.decoder, this.out, final, this.base);
    this.base += next;
    this.pending = next >= p.length ? Buffer.alloc(0) : p.subarray(next);
    if (this.stopped !== undefined) this.pending = Buffer.alloc(0);
  }
}
