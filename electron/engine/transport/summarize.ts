// Builds the capture record of one wire message: the bytes, where they went, and what the parse
// found. When the message does not parse, Call-ID and CSeq are still read leniently from the raw
// headers so a damaged message stays findable next to its dialog.
import type { CapturedMessage, Direction, Endpoint, TransportName } from '../../../shared/trace-types';
import type { ParseResult } from '../sip/parse-message';
import { firstHeader, splitMessage } from '../sip/raw-headers';

export interface WireMeta {
  readonly tsMicros: number;
  readonly direction: Direction;
  readonly transport: TransportName;
  readonly local: Endpoint;
  readonly remote: Endpoint;
}

export function summarize(raw: Uint8Array, meta: WireMeta, result: ParseResult): CapturedMessage {
  if (result.ok) {
    const s = result.sip;
    return {
      ...meta,
      raw,
      parsed: true,
      callId: s.callId,
      cseqSeq: s.cseq.seq,
      cseqMethod: s.cseq.method,
      method: s.method,
      status: s.status,
      reason: s.reason,
    };
  }
  const lenient = lenientIds(raw);
  return { ...meta, raw, parsed: false, parseError: result.error, ...lenient };
}

function lenientIds(raw: Uint8Array): Partial<CapturedMessage> {
  try {
    const parts = splitMessage(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1'));
    const callId = firstHeader(parts, 'call-id');
    const cseq = /^(\d+)\s+(\S+)/.exec(firstHeader(parts, 'cseq') ?? '');
    const request = /^([A-Za-z]+)\s+\S+\s+SIP\/2\.0/.exec(parts.startLine);
    const status = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(parts.startLine);
    return {
      callId: callId || undefined,
      cseqSeq: cseq ? Number(cseq[1]) : undefined,
      cseqMethod: cseq ? cseq[2]!.toUpperCase() : undefined,
      method: request ? request[1] : undefined,
      status: status ? Number(status[1]) : undefined,
      reason: status ? status[2] : undefined,
    };
  } catch {
    return {};
  }
}
