// The run as JSON for tools: the run record, the findings and every message with its raw text
// (latin1, one character per byte: exactly the bytes on the wire, after redaction).
import type { ExportData } from './export-data';
import { latin1 } from './export-data';
import { acceptanceOf } from './acceptance-report';

export const JSON_EXPORT_FORMAT = 'sipkit-run';
export const JSON_EXPORT_VERSION = 1;

export function reportJson(data: ExportData): string {
  const acceptance = acceptanceOf(data.run);
  const doc = {
    format: JSON_EXPORT_FORMAT,
    version: JSON_EXPORT_VERSION,
    exportedAtMicros: data.exportedAtMicros,
    redacted: data.redacted,
    run: data.run,
    profile: data.profile,
    // The checklist read back and checked (also in run.params, as stored): tools need not dig for it.
    ...(acceptance ? { acceptance } : {}),
    ...(data.callIds ? { callIds: data.callIds } : {}),
    findings: data.findings,
    // Per call its RTP streams and audio verdict (a capture that held RTP only).
    ...(data.media ? { rtp: data.media } : {}),
    messages: data.messages.map((m) => ({
      id: m.id,
      tsMicros: m.tsMicros,
      direction: m.direction,
      transport: m.transport,
      local: m.local,
      remote: m.remote,
      parsed: m.parsed,
      ...(m.parseError !== undefined ? { parseError: m.parseError } : {}),
      ...(m.callId !== undefined ? { callId: m.callId } : {}),
      ...(m.cseqSeq !== undefined ? { cseqSeq: m.cseqSeq, cseqMethod: m.cseqMethod } : {}),
      ...(m.method !== undefined ? { method: m.method } : {}),
      ...(m.status !== undefined ? { status: m.status, reason: m.reason } : {}),
      raw: latin1(m.raw),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
