// Just enough SDP for the NAT and media-relay rules: every c= address and audio m= port with the
// line it sits on (RFC 8866 §5.7, §5.14). A media-level c= overrides the session-level one.
import { bodyStartLine } from './message-text';
import type { TraceMessage } from './trace-model';

export interface SdpAddressLine {
  /** The address a peer is asked to send media to. */
  readonly address: string;
  /** 1-based line within the message (not within the body). */
  readonly line: number;
  readonly text: string;
  /** The m= port this c= applies to, when known. */
  readonly port?: number;
  readonly media?: string;
}

export function hasSdp(msg: TraceMessage): boolean {
  const type = (msg.doc.first('content-type') ?? '').toLowerCase();
  if (type.includes('application/sdp')) return msg.doc.body.trim() !== '';
  return /^v=0\s*$/m.test(msg.doc.body);
}

interface MediaSection {
  readonly media: string;
  readonly port: number;
  connection?: SdpAddressLine;
}

/** The media address of each m= section (its own c= or the session's); session c= if no m=. */
export function sdpAddresses(msg: TraceMessage): readonly SdpAddressLine[] {
  if (!hasSdp(msg)) return [];
  const first = bodyStartLine(msg) ?? 1;
  const lines = msg.doc.body.split(/\r\n|\n|\r/);
  let session: SdpAddressLine | undefined;
  const sections: MediaSection[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    const c = /^c\s*=\s*IN\s+IP[46]\s+([^\s/]+)/i.exec(text);
    if (c) {
      const at: SdpAddressLine = { address: c[1] ?? '', line: first + i, text: raw };
      const current = sections[sections.length - 1];
      if (current) current.connection = at;
      else session = at;
      return;
    }
    const m = /^m\s*=\s*(\w+)\s+(\d+)/i.exec(text);
    if (m) sections.push({ media: (m[1] ?? '').toLowerCase(), port: Number(m[2]) });
  });
  if (sections.length === 0) return session ? [session] : [];
  const out: SdpAddressLine[] = [];
  for (const s of sections) {
    const conn = s.connection ?? session;
    if (conn) out.push({ ...conn, port: s.port, media: s.media });
  }
  return out;
}
