// The tolerant SIP parser of the diagnostics: it reads whatever a trace holds, never throws, and
// records every departure from RFC 3261 as a SyntaxProblem with its line, so the linter can quote
// it. Strict parsing (the engine's, on the wire) lives elsewhere; this one is for evidence.
//
// Input is latin1 text (one char per byte), so body lengths are byte counts.
import type { NameAddr, SipDocument, SyntaxProblem, ViaValue } from './sip-document';
import { ADDRESS_HEADERS, LIST_HEADERS, prettyHeaderName } from './header-names';
import { indexHeaders } from './header-index';
import { keepAliveOfText } from './keep-alive';
import { checkWholeMessage } from './message-checks';
import { splitSections, type SectionedHeader } from './message-sections';
import { readNameAddr } from './name-addr';
import { readStartLine } from './start-line';
import { readUri } from './sip-uri';
import { splitList, splitOutside } from './split-outside';
import { readVia } from './via';
import { scalarFaults } from './scalar-checks';

const MAX_PER_ROW = 10;

export interface ParseOptions {
  /** How the message travelled, when the caller knows (pcap, live capture); else the top Via says. */
  readonly transport?: 'udp' | 'tcp' | 'tls' | 'unknown';
}

export function parseSipText(text: string, options: ParseOptions = {}): SipDocument {
  // A keep-alive (RFC 5626 §4.4.1 CRLF, blanks, a vendor word, STUN) is no message to judge.
  if (typeof text === 'string' && keepAliveOfText(text) !== undefined) return emptyDocument();
  try {
    return parse(typeof text === 'string' ? text : String(text ?? ''), options);
  } catch (err) {
    // A bug here must not take the import or the analysis down with it: report it as a problem.
    return emptyDocument({
      line: 1,
      where: 'message',
      text: '',
      message: `the parser failed on this message: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
}

function parse(text: string, options: ParseOptions): SipDocument {
  const sections = splitSections(text);
  const problems: SyntaxProblem[] = [...sections.problems];
  const startLine = sections.startLine ?? { text: '', line: 1 };
  const start = sections.startLine !== undefined ? readStartLine(startLine.text) : undefined;
  const onStart = (message: string): void => {
    problems.push({ line: startLine.line, where: 'start-line', text: startLine.text, message });
  };
  for (const f of start?.faults ?? []) onStart(f);
  if (start?.kind === 'request') {
    const bracketed = /^<.*>$/.test(start.requestUri);
    if (bracketed) {
      onStart(
        `the Request-URI '${start.requestUri}' is enclosed in '<' '>': a Request-Line carries the bare URI (RFC 3261 §7.1, §25)`,
      );
    }
    const uri = readUri(bracketed ? start.requestUri.slice(1, -1) : start.requestUri);
    if (uri.uri !== undefined && uri.uri.scheme !== 'tel' && /^[^?]*\?/.test(start.requestUri)) {
      // §19.1.1 table 1: the headers component is not allowed in a Request-URI.
      onStart(
        `the Request-URI '${start.requestUri}' carries headers ('?…'), which a Request-URI must not (RFC 3261 §19.1.1)`,
      );
    }
    if (uri.schemeMissing) {
      onStart(
        `the Request-URI '${start.requestUri}' has no scheme: 'sip:', 'sips:' or 'tel:' must start it (RFC 3261 §19.1.1)`,
      );
    }
    for (const f of uri.faults) onStart(`Request-URI: ${f}`);
  }

  const vias: ViaValue[] = [];
  const contacts: NameAddr[] = [];
  let from: NameAddr | undefined;
  let to: NameAddr | undefined;
  let callId: string | undefined;
  let cseq: { seq: number; method: string } | undefined;

  for (const sh of sections.headers) {
    const h = sh.header;
    // A list row of thousands of broken values says the same thing thousands of times; past a
    // few, one line counts the rest.
    let reported = 0;
    const report = (message: string): void => {
      reported++;
      if (reported <= MAX_PER_ROW) problems.push({ line: h.line, where: h.name, text: sh.text, message });
    };
    switch (h.name) {
      case 'via':
        for (const el of elementsOf(sh, report)) {
          const r = readVia(el.text);
          vias.push(r.value);
          for (const f of r.faults) report(el.prefix + f);
        }
        break;
      case 'contact':
        for (const el of elementsOf(sh, report)) {
          const r = readNameAddr(el.text, true);
          contacts.push(r.value);
          for (const f of r.faults) report(el.prefix + f);
        }
        break;
      case 'from':
      case 'to': {
        const r = readNameAddr(h.value);
        if (h.name === 'from') from ??= r.value;
        else to ??= r.value;
        for (const f of r.faults) report(f);
        break;
      }
      case 'call-id':
        // §25: Call-ID = word [ "@" word ] — one word, no spaces.
        if (h.value === '') report('the Call-ID is empty (RFC 3261 §20.8)');
        else if (/\s/.test(h.value))
          report('the Call-ID contains whitespace (RFC 3261 §25: word [ "@" word ])');
        callId ??= h.value === '' ? undefined : h.value;
        break;
      case 'cseq': {
        const parsed = readCSeq(h.value);
        if (typeof parsed === 'string') report(parsed);
        else cseq ??= parsed;
        break;
      }
      default:
        for (const f of scalarFaults(h.name, h.value)) report(f);
        if (ADDRESS_HEADERS.has(h.name)) {
          const els = LIST_HEADERS.has(h.name) ? elementsOf(sh, report) : [{ text: h.value, prefix: '' }];
          for (const el of els) for (const f of readNameAddr(el.text).faults) report(el.prefix + f);
        }
    }
    if (reported > MAX_PER_ROW) {
      problems.push({
        line: h.line,
        where: h.name,
        text: sh.text,
        message: `and ${reported - MAX_PER_ROW} more problems on this line`,
      });
    }
  }

  const kind = start?.kind ?? 'unknown';
  const method = start?.kind === 'request' ? start.method : undefined;
  const transport =
    options.transport !== undefined && options.transport !== 'unknown'
      ? options.transport
      : vias[0]?.transport.toLowerCase();
  // A loop, not push(...): a message of 100,000 broken lines has more problems than a call's
  // arguments may hold.
  for (const p of checkWholeMessage({
    kind,
    ...(method !== undefined ? { method } : {}),
    startLine,
    headers: sections.headers,
    body: sections.body,
    ...(cseq !== undefined ? { cseq } : {}),
    ...(transport !== undefined ? { transport } : {}),
  }))
    problems.push(p);

  const headers = sections.headers.map((s) => s.header);
  const index = indexHeaders(headers);
  return {
    kind,
    ...(start?.kind === 'request' ? { method: start.method, requestUri: start.requestUri } : {}),
    ...(start?.kind === 'response' ? { status: start.status, reason: start.reason } : {}),
    headers,
    body: sections.body,
    // Stable sort: problems read top to bottom, as the message does.
    problems: problems.sort((a, b) => a.line - b.line),
    ...(callId !== undefined ? { callId } : {}),
    ...(cseq !== undefined ? { cseq } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    vias,
    contacts,
    values: index.values,
    first: index.first,
  };
}

/** The comma-separated elements of a list header row; a prefix names the element when there are several. */
function elementsOf(
  sh: SectionedHeader,
  report: (message: string) => void,
): { readonly text: string; readonly prefix: string }[] {
  const els = splitList(sh.header.value);
  if (els.length === 0) {
    report(`the ${prettyHeaderName(sh.header.name)} header is empty`);
    return [];
  }
  // §7.3.1: elements are joined by single commas; ",," or a trailing ',' leaves an empty one.
  if (sh.header.value.includes(',') && splitOutside(sh.header.value, ',').some((p) => p.trim() === '')) {
    report("an empty element in the list (',,' or a ',' with nothing after it) (RFC 3261 §7.3.1)");
  }
  return els.map((text, i) => ({ text, prefix: els.length > 1 ? `value ${i + 1} '${text}': ` : '' }));
}

// §20.16, §25: CSeq = 1*DIGIT LWS Method; §8.1.1.5: the number is below 2**31.
function readCSeq(value: string): { seq: number; method: string } | string {
  const long = /^(\d{11,})[ \t]+[^ \t]+$/.exec(value);
  if (long !== null) return `the CSeq number ${long[1]!} is not below 2^31 (RFC 3261 §8.1.1.5)`;
  const m = /^(\d{1,10})[ \t]+([^ \t]+)$/.exec(value);
  if (m === null) return `CSeq '${value}' is not '<number> <METHOD>' (RFC 3261 §20.16)`;
  const seq = Number(m[1]);
  if (seq >= 2 ** 31) return `the CSeq number ${m[1]!} is not below 2^31 (RFC 3261 §8.1.1.5)`;
  return { seq, method: m[2]! };
}

function emptyDocument(problem?: SyntaxProblem): SipDocument {
  const index = indexHeaders([]);
  return {
    kind: 'unknown',
    headers: [],
    body: '',
    problems: problem ? [problem] : [],
    vias: [],
    contacts: [],
    values: index.values,
    first: index.first,
  };
}
