import { headerValue, parseSipMessage, type SipMessage } from './sip-message';

// Readers for the files SIPp writes with -trace_msg and -trace_stat.

/** One SIP message SIPp sent or received, exactly as it went over the wire. */
export interface SippTracedMessage extends SipMessage {
  direction: 'sent' | 'received';
  /** "UDP", "TCP", ... as SIPp logged it. */
  transport: string;
  /** SIPp's local-time timestamp as epoch milliseconds (microseconds kept as a fraction). */
  timeMs: number;
  callId: string;
  cseq: number;
  cseqMethod: string;
}

// Each entry: a dashed line with the local time, "UDP message sent (N bytes):" or
// "UDP message received [N] bytes :", an empty line, then exactly N bytes of message.
const ENTRY =
  /^-+ (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{6})\n(\w+) message (sent|received) (?:\[(\d+)\] bytes :|\((\d+) bytes\):)\n\n/gm;

/**
 * Parses a -trace_msg file. Works on the raw bytes (latin1 keeps byte offsets) because SIPp
 * logs message bodies unescaped and only the byte count says where a message ends.
 */
export function parseSippMessageLog(bytes: Buffer): SippTracedMessage[] {
  const text = bytes.toString('latin1');
  const messages: SippTracedMessage[] = [];
  for (const match of text.matchAll(ENTRY)) {
    const [header, date, time, micros, transport, direction, receivedLength, sentLength] = match;
    const length = receivedLength ?? sentLength;
    if (!date || !time || !micros || !transport || !length || match.index === undefined) continue;
    const start = match.index + header.length;
    const raw = bytes.subarray(start, start + Number(length)).toString('utf8');
    let parsed: SipMessage;
    try {
      parsed = parseSipMessage(raw);
    } catch {
      continue; // keep-alives (CRLF) and the like
    }
    const cseqHeader = headerValue(parsed, 'cseq') ?? '';
    const cseqMatch = /^(\d+)\s+(\S+)/.exec(cseqHeader);
    messages.push({
      ...parsed,
      direction: direction === 'sent' ? 'sent' : 'received',
      transport,
      timeMs: new Date(`${date}T${time}`).getTime() + Number(micros) / 1000,
      callId: headerValue(parsed, 'call-id') ?? '',
      cseq: cseqMatch?.[1] ? Number(cseqMatch[1]) : Number.NaN,
      cseqMethod: cseqMatch?.[2]?.toUpperCase() ?? '',
    });
  }
  return messages;
}

/** Counters from the last line of a -trace_stat file (cumulative values). */
export interface SippStats {
  totalCalls: number;
  successfulCalls: number;
  failedCalls: number;
  currentCalls: number;
  retransmissions: number;
  failedTimeoutOnRecv: number;
  failedUnexpectedMessage: number;
  failedMaxUdpRetrans: number;
  /** Every column of the last line by SIPp's name, e.g. "FailedCallRejected(C)". */
  raw: Readonly<Record<string, string>>;
}

/** Parses a -trace_stat CSV (';'-separated, a header line, one line per dump); undefined if empty. */
export function parseSippStats(text: string): SippStats | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0];
  const last = lines[lines.length - 1];
  if (!header || !last || lines.length < 2) return undefined;
  const names = header.split(';');
  const values = last.split(';');
  const raw: Record<string, string> = {};
  names.forEach((name, i) => {
    if (name) raw[name] = values[i] ?? '';
  });
  const count = (name: string) => Number.parseInt(raw[name] ?? '', 10) || 0;
  return {
    totalCalls: count('TotalCallCreated'),
    successfulCalls: count('SuccessfulCall(C)'),
    failedCalls: count('FailedCall(C)'),
    currentCalls: count('CurrentCall'),
    retransmissions: count('Retransmissions(C)'),
    failedTimeoutOnRecv: count('FailedTimeoutOnRecv(C)'),
    failedUnexpectedMessage: count('FailedUnexpectedMessage(C)'),
    failedMaxUdpRetrans: count('FailedMaxUDPRetrans(C)'),
    raw,
  };
}
