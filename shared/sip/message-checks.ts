// Checks that need the whole message rather than one header: mandatory headers, headers that
// may appear once, CSeq against the method, Content-Length against the body.
import type { SyntaxProblem } from './sip-document';
import type { SectionedHeader } from './message-sections';
import { prettyHeaderName, SINGLE_VALUED } from './header-names';
import { isDigits } from './sip-token';

export interface WholeMessage {
  readonly kind: 'request' | 'response' | 'unknown';
  readonly method?: string;
  readonly startLine: { readonly text: string; readonly line: number };
  readonly headers: readonly SectionedHeader[];
  readonly body: string;
  readonly cseq?: { readonly seq: number; readonly method: string };
  /** Lower-case transport the message travelled on, when known. */
  readonly transport?: string;
}

// RFC 3261 §8.1.1: a request carries To, From, CSeq, Call-ID, Max-Forwards and Via. §8.2.6.2 /
// §20 table 2: a response copies Via, From, To, Call-ID and CSeq (Max-Forwards is not needed).
const MANDATORY_IN_RESPONSES = ['via', 'from', 'to', 'call-id', 'cseq'];
const MANDATORY_IN_REQUESTS = [...MANDATORY_IN_RESPONSES, 'max-forwards'];

export function checkWholeMessage(m: WholeMessage): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const byName = new Map<string, SectionedHeader[]>();
  for (const h of m.headers) {
    const list = byName.get(h.header.name);
    if (list === undefined) byName.set(h.header.name, [h]);
    else list.push(h);
  }
  const at = (h: SectionedHeader, message: string): void => {
    problems.push({ line: h.header.line, where: h.header.name, text: h.text, message });
  };

  // §7.3.1: only list headers may appear on several rows.
  for (const name of SINGLE_VALUED) {
    const rows = byName.get(name) ?? [];
    for (const extra of rows.slice(1)) {
      at(
        extra,
        `${prettyHeaderName(name)} appears again (first on line ${rows[0]!.header.line}); it may appear only once (RFC 3261 §7.3.1)`,
      );
    }
  }

  const mandatory = m.kind === 'request' ? MANDATORY_IN_REQUESTS : MANDATORY_IN_RESPONSES;
  for (const name of mandatory) {
    if (byName.has(name)) continue;
    problems.push({
      line: m.startLine.line,
      where: name,
      text: m.startLine.text,
      message:
        m.kind === 'request'
          ? `the request has no ${prettyHeaderName(name)} header, which every request must carry (RFC 3261 §8.1.1)`
          : `the message has no ${prettyHeaderName(name)} header, which it must carry (RFC 3261 §8.1.1, §8.2.6.2)`,
    });
  }

  // §8.1.1.5: "The method MUST match that of the request."
  const cseqRow = byName.get('cseq')?.[0];
  if (m.kind === 'request' && m.cseq !== undefined && cseqRow !== undefined && m.cseq.method !== m.method) {
    at(
      cseqRow,
      `the CSeq method '${m.cseq.method}' differs from the request method '${m.method ?? ''}' (RFC 3261 §8.1.1.5)`,
    );
  }

  // §20.22: Max-Forwards = 1*DIGIT
  const mf = byName.get('max-forwards')?.[0];
  if (mf !== undefined && !isDigits(mf.header.value)) {
    at(mf, `Max-Forwards '${mf.header.value}' is not a number (RFC 3261 §20.22)`);
  }

  checkContentLength(m, byName.get('content-length')?.[0], at, problems);
  return problems;
}

function checkContentLength(
  m: WholeMessage,
  row: SectionedHeader | undefined,
  at: (h: SectionedHeader, message: string) => void,
  problems: SyntaxProblem[],
): void {
  if (row === undefined) {
    // §20.14 / §18.3: over a stream the receiver finds the end of the message only by
    // Content-Length, so there it is mandatory; over UDP the datagram's end is the body's end.
    if (m.transport === 'tcp' || m.transport === 'tls') {
      problems.push({
        line: m.startLine.line,
        where: 'content-length',
        text: m.startLine.text,
        message:
          m.body.length > 0
            ? `a body of ${m.body.length} bytes but no Content-Length: over ${m.transport.toUpperCase()} the receiver cannot tell where the message ends (RFC 3261 §18.3, §20.14)`
            : `no Content-Length, which is mandatory over ${m.transport.toUpperCase()} (RFC 3261 §18.3, §20.14)`,
      });
    }
    return;
  }
  const value = row.header.value;
  if (!isDigits(value)) {
    at(row, `Content-Length '${value}' is not a number (RFC 3261 §20.14)`);
    return;
  }
  const declared = Number(value);
  // §18.3: over UDP, octets past Content-Length are discarded (RFC 4475 §3.1.1.8 dblreq).
  if (m.transport === 'udp' && declared < m.body.length) return;
  if (declared !== m.body.length) {
    at(
      row,
      `Content-Length says ${declared} bytes but the body has ${m.body.length} (RFC 3261 §20.14)${declared > m.body.length ? ': the body is missing or cut off' : ''}`,
    );
  }
}
