// What the Import screen sent, read the way `sipkit analyze FILE` reads a file (load-trace-file.ts):
// a pcap or pcapng by its magic number, anything else as a text log; pasted text is always a log.
// The readers take bytes, so nothing is written to disk. Input that yields no message is refused
// with one line saying why; damage after some messages is reported with what was read.
import type { ParsedRequestOf } from '../../../shared/ipc/contract';
import type { RtpStreamRecord } from '../../../shared/media/rtp-stream';
import { MAX_IMPORT_BYTES } from '../../../shared/ipc/schemas/traces';
import type { ImportedMessage } from '../../import/imported-message';
import { readPcap, type PcapImport } from '../../import/pcap/read-pcap';
import { readTextTrace } from '../../import/text-trace';
import { textImportFacts, type ImportFacts } from '../../analysis/import-facts';
import { refused } from '../service-error';

export interface ReadImport {
  /** As `sipkit analyze` words it: "pcapng (ETHERNET), 40 packets", "asterisk-sip-debug". */
  readonly format: string;
  /** At least one. */
  readonly messages: readonly ImportedMessage[];
  /** The RTP streams of a pcap/pcapng; absent for a text log. */
  readonly rtpStreams?: readonly RtpStreamRecord[];
  /** A PBX log's own address and unknown times, kept with the run (import-facts.ts). */
  readonly facts?: ImportFacts;
  /** Set when reading stopped at damage before the end: one line, where and why. */
  readonly damage?: string;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** How the input is named in messages: its file name, or "the pasted text". */
export function importLabel(request: ParsedRequestOf<'traces.import'>): string {
  return request.text !== undefined ? 'the pasted text' : request.name;
}

export function readImport(request: ParsedRequestOf<'traces.import'>): ReadImport {
  const label = importLabel(request);
  if (request.text !== undefined) {
    if (request.text.trim() === '') throw refused(`${label} is empty: paste SIP messages first`);
    // The readers work on bytes as latin1 (one char per byte); pasted text is UTF-8 on the wire.
    return readText(Buffer.from(request.text, 'utf8'), request.name, label);
  }
  const bytes = decodeBase64(request.dataBase64 ?? '', label);
  if (bytes.length === 0) throw refused(`${label} is empty (0 bytes)`);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw refused(
      `${label} is larger than the ${MAX_IMPORT_BYTES / 2 ** 20} MiB an import takes: use sipkit analyze`,
    );
  }
  const capture = readPcap(bytes);
  // 'unknown': no pcap or pcapng magic number, so it is read as a text log.
  return capture.format === 'unknown' ? readText(bytes, request.name, label) : fromCapture(capture, label);
}

function decodeBase64(data: string, label: string): Buffer {
  // Buffer.from skips characters that are not base64, which would import garbage without a word.
  if (!BASE64.test(data)) throw refused(`${label} did not arrive as base64 data; pick the file again`);
  return Buffer.from(data, 'base64');
}

function fromCapture(r: PcapImport, label: string): ReadImport {
  const format = `${r.format} (${r.linkTypes.join(', ') || 'no interfaces'}), ${r.packets} packets`;
  const stop = r.stoppedAt;
  const damage =
    stop === undefined
      ? undefined
      : `${/ends inside|past the end/.test(stop.reason) ? 'truncated' : 'damaged'} ${r.format} at byte ${stop.offset}: ${stop.reason}`;
  if (r.messages.length > 0) {
    const rtp = r.rtpStreams ? { rtpStreams: r.rtpStreams } : {};
    return { format, messages: r.messages, ...rtp, ...(damage ? { damage } : {}) };
  }
  const skipped = [...r.skipped].sort((a, b) => b.count - a.count)[0];
  const why = [
    format,
    ...(skipped ? [`${skipped.count} packet(s) skipped: ${skipped.reason}`] : []),
    ...(damage ? [damage] : []),
  ];
  throw refused(`${label} holds no SIP messages (${why.join('; ')})`);
}

function readText(bytes: Buffer, name: string, label: string): ReadImport {
  // The log was written before it was imported: that dates a log whose stamps have no year.
  const r = readTextTrace(bytes.toString('latin1'), {
    fileName: name,
    notAfter: { ms: Date.now(), what: 'it was imported' },
  });
  const stop = r.stoppedAt;
  // A message cut off by the end of the input is kept as it is: the rules report the missing body
  // (sip.syntax, Content-Length), and a pasted INVITE without its SDP is still worth checking.
  const damage =
    stop === undefined || stop.reason.startsWith('message cut off')
      ? undefined
      : `reading stopped at line ${stop.line}: ${stop.reason}`;
  const facts = textImportFacts(r);
  if (r.messages.length > 0)
    return {
      format: r.format,
      messages: r.messages,
      ...(facts ? { facts } : {}),
      ...(damage ? { damage } : {}),
    };
  switch (r.format) {
    case 'empty':
      throw refused(`${label} is empty`);
    case 'binary':
      throw refused(
        `${label} holds no SIP messages: it is neither a pcap or pcapng capture nor a text log` +
          (r.warnings.some((w) => w.includes('unpack it first'))
            ? ' (it is compressed: unpack it first)'
            : ''),
      );
    case 'unrecognised':
      throw refused(
        `${label} holds no SIP messages: no SIP start line ("INVITE sip:… SIP/2.0" or "SIP/2.0 200 OK") was found`,
      );
    default:
      throw refused(`${label} holds no SIP messages${damage ? `: ${damage}` : ''}`);
  }
}
