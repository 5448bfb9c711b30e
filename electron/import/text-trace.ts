// Importing a SIP trace kept as text: plain messages, the IP-trunk guide's "Received Packet from"
// layout, Asterisk SIP debug (pjsip and chan_sip), FreeSWITCH siptrace and sngrep's .txt export.
// It reads what it can, says where and why it stopped, and never throws: a damaged file is the
// normal case when someone is troubleshooting. Messages come out as ImportedMessages, the same as
// from the pcap importer; parsing them (shared/sip/tolerant-parse.ts) is the next step's job.
import type { ImportedEndpoint, ImportedMessage } from './imported-message';
import { binaryVerdict, isBinaryLine } from './text/binary-check';
import { detectLayout } from './text/detect-layout';
import { LogHost, ownAddressClues, sideInEvery } from './text/log-host';
import { topViaTransport } from './text/endpoint-text';
import { LogClock, readDateHint, type NotAfter, type Stamp } from './text/log-time';
import { readMessage } from './text/message-reader';
import { isStartLine } from '../../shared/sip/start-line';
import { splitLines } from './text/text-lines';
import type { Marker } from './text/text-layout';

export interface TextImport {
  readonly messages: ImportedMessage[];
  /** The layout recognised: 'plain-sip', 'received-packet', 'asterisk-sip-debug', 'freeswitch-siptrace',
   * 'sngrep-txt'; or 'binary' / 'empty' / 'unrecognised' when nothing could be read. */
  readonly format: string;
  /** Reading ended before the end of the file, or inside a message cut off by it. */
  readonly stoppedAt?: { readonly line: number; readonly reason: string };
  readonly warnings: string[];
  /** The address of the host that wrote the log, when its lines say which way messages went. */
  readonly logHost?: ImportedEndpoint;
  /** That host is the PBX (an Asterisk or FreeSWITCH log), so its address is the PBX's. */
  readonly pbx?: ImportedEndpoint;
  /**
   * Some messages carry no time at all (console output without stamps, plain text): their times
   * are unknown, so nothing that measures intervals may be judged on them.
   */
  readonly timesUnknown?: true;
}

export interface TextImportOptions {
  /** Named in warnings. */
  readonly fileName?: string;
  /** "YYYY-MM-DD": the date (or year) for logs whose times carry none. */
  readonly dateHint?: string;
  /** When the log was last written at the latest (its file's change time, or the import): dates a log without years. */
  readonly notAfter?: NotAfter;
}

/** Messages whose headers are read for the log host's own address. */
const HOST_SAMPLE = 2000;

export function readTextTrace(text: string, opts: TextImportOptions = {}): TextImport {
  try {
    return read(text, opts);
  } catch (err) {
    return {
      messages: [],
      format: 'unrecognised',
      warnings: [`The text import failed: ${err instanceof Error ? err.message : String(err)}`],
    };
  }
}

function read(text: string, opts: TextImportOptions): TextImport {
  const name = opts.fileName ?? 'The file';
  // Not text.trim(): that copies a whole log only to see whether anything is in it.
  if (!/\S/.test(text)) return { messages: [], format: 'empty', warnings: [`${name} is empty.`] };
  const binary = binaryVerdict(text, opts.fileName);
  if (binary !== undefined) {
    return {
      messages: [],
      format: 'binary',
      stoppedAt: { line: 1, reason: 'binary data' },
      warnings: [binary],
    };
  }

  const { lines, bareLf } = splitLines(text);
  const layout = detectLayout(lines);
  if (layout === undefined) {
    return {
      messages: [],
      format: 'unrecognised',
      warnings: [
        `${name} holds no SIP message: no start line ("INVITE sip:… SIP/2.0" or "SIP/2.0 200 OK") was found.`,
      ],
    };
  }

  const clock = new LogClock(readDateHint(opts.dateHint), opts.notAfter);
  const messages: ImportedMessage[] = [];
  const warnings: string[] = [];
  let stoppedAt: { line: number; reason: string } | undefined;
  let skipped = 0;
  let emptyMarkers = 0;
  const portless = new Set<string>();
  let previousStamp: Stamp | undefined;
  const host = new LogHost();

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBinaryLine(line)) {
      stoppedAt = { line: i + 1, reason: 'binary data (NUL bytes) from this line on' };
      break;
    }
    const marker: Marker | undefined =
      layout.marker(line) ?? (layout.loose && isStartLine(line) ? { isStartLine: true } : undefined);
    if (marker === undefined) {
      const stamp = layout.stampOf?.(line);
      if (stamp?.kind === 'full') clock.observe(stamp.micros);
      previousStamp = stamp;
      if (stamp === undefined && line.trim() !== '') skipped++;
      i++;
      continue;
    }
    const read = readMessage(lines, marker.isStartLine === true ? i : i + 1, layout, marker);
    // chan_sip's log prefix stands alone on the line before its marker.
    const stamp = marker.stamp ?? previousStamp;
    previousStamp = undefined;
    if ('empty' in read) {
      emptyMarkers++;
      i = Math.max(read.next, i + 1);
      continue;
    }
    if (marker.portless !== undefined) portless.add(marker.portless);
    const message = importedMessage(
      read.text,
      read.startIndex + 1,
      marker,
      stamp,
      clock,
      read.headerLines,
      read.truncated,
    );
    // The first messages tell the host's address as well as all of them would, and cost less.
    if (marker.way !== undefined && messages.length < HOST_SAMPLE)
      host.add(ownAddressClues(marker.way, read.headerLines, message.transport));
    messages.push(message);
    if (read.truncated !== undefined) {
      stoppedAt = { line: read.startIndex + 1, reason: `message cut off: ${read.truncated}` };
      break;
    }
    i = Math.max(read.next, i + 1);
  }

  // The log names only the far side of each message; the host's own side is the same for all.
  let logHost = host.endpoint();
  if (logHost !== undefined) fillOwnSide(messages, logHost);
  else if (layout.writtenByPbx === true) {
    // Both sides named, neither marked as its own: the side in every message is the writer's.
    logHost = sideInEvery(messages);
    if (logHost !== undefined) markWays(messages, logHost);
  }
  const timesUnknown = messages.some((m) => m.tsMicros === undefined);
  if (timesUnknown && messages.length > 0) {
    const untimed = messages.filter((m) => m.tsMicros === undefined).length;
    const which =
      untimed === messages.length
        ? 'No message in the log carries a time'
        : `${untimed} of ${messages.length} messages in the log carry no time`;
    warnings.push(
      `${which}: times are unknown, so intervals (registration refreshes, retransmission timers, ` +
        'call rates and durations) are not judged.',
    );
  }
  warnings.push(...clock.warnings());
  if (bareLf > 0 && !text.includes('\r')) {
    warnings.push('The file has LF line ends; messages were rebuilt with CRLF, as SIP sends them.');
  }
  if (emptyMarkers > 0) warnings.push(`${emptyMarkers} marker line(s) had no message after them.`);
  if (portless.size > 0) {
    warnings.push(`Addresses given without a port were not kept: ${[...portless].slice(0, 5).join(', ')}.`);
  }
  if (skipped > 0 && !layout.chatty) warnings.push(`${skipped} line(s) outside any message were skipped.`);
  if (messages.length === 0 && stoppedAt === undefined)
    warnings.push(`${name} holds no readable SIP message.`);
  return {
    messages,
    format: layout.format,
    ...(stoppedAt !== undefined ? { stoppedAt } : {}),
    warnings,
    ...(logHost !== undefined ? { logHost } : {}),
    ...(logHost !== undefined && layout.writtenByPbx === true ? { pbx: logHost } : {}),
    ...(timesUnknown ? { timesUnknown: true as const } : {}),
  };
}

/** What importedMessage makes: ours until read() returns it, so the own side is set in place. */
type Building = { -readonly [K in keyof ImportedMessage]: ImportedMessage[K] };

/** Which way each message went for the host at `own`. */
function markWays(messages: ImportedMessage[], own: ImportedEndpoint): void {
  for (const m of messages as Building[]) {
    const sent = m.src?.address === own.address && m.src.port === own.port;
    m.way = sent ? 'out' : 'in';
  }
}

/** Puts the log's own address on the side of each message the log did not name. */
function fillOwnSide(messages: ImportedMessage[], own: ImportedEndpoint): void {
  for (const m of messages as Building[]) {
    if (m.way === 'in' && m.dst === undefined) m.dst = own;
    else if (m.way === 'out' && m.src === undefined) m.src = own;
  }
}

function importedMessage(
  text: string,
  sourceLine: number,
  marker: Marker,
  stamp: Stamp | undefined,
  clock: LogClock,
  headerLines: readonly string[],
  truncated: string | undefined,
): ImportedMessage {
  const transport =
    marker.transport !== undefined && marker.transport !== 'unknown'
      ? marker.transport
      : topViaTransport(headerLines);
  // Fields added one by one rather than spread in: the same few shapes for 100,000 messages.
  const message: Building = { transport, text, sourceLine };
  if (stamp !== undefined) message.tsMicros = clock.resolve(stamp);
  if (marker.src !== undefined) message.src = marker.src;
  if (marker.dst !== undefined) message.dst = marker.dst;
  if (marker.way !== undefined) message.way = marker.way;
  if (truncated !== undefined) message.truncated = true;
  return message;
}
