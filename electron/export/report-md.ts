// The report as Markdown for pasting into a ticket: the summary, the findings with evidence and
// fix, an ASCII ladder, and the key messages in full. Everything drawn from the run is escaped or
// fenced (markdown-text.ts), so a SIP message cannot plant a link, an image or HTML in the ticket.
import { ladderToAscii } from '../../shared/ladder/ladder-ascii';
import type { StoredMessage } from '../../shared/trace-types';
import type { ExportData } from './export-data';
import { latin1 } from './export-data';
import { mdCodeSpan, mdFence, mdText } from './markdown-text';
import { acceptanceMarkdown } from './acceptance-md';
import { acceptanceOf } from './acceptance-report';
import { mediaMarkdown } from './report-media';
import { ladderOf, loadResult, messageLine, reportTitle, summaryRows, utc } from './report-summary';

const MAX_KEY_MESSAGES = 6;
const MAX_MESSAGE_LINES = 60;
const MAX_LADDER_ROWS = 300;

export function reportMarkdown(data: ExportData): string {
  const out: string[] = [`# ${inline(reportTitle(data))}`, ''];
  // An acceptance run opens with its checklist (verdict first); the run's traffic follows it.
  const acceptance = acceptanceOf(data.run);
  if (acceptance) out.push(...acceptanceMarkdown(acceptance, data), '## Summary of the run', '');
  for (const row of summaryRows(data)) out.push(`- **${row.label}:** ${inline(row.value)}`);
  out.push(`- **Redacted:** ${inline(data.redacted.join('; '))}`, '');

  const load = loadResult(data);
  if (load) {
    out.push('## Load result', '');
    for (const v of load.verdict) out.push(`- ${inline(v)}`);
    for (const c of load.caps) out.push(`- ${inline(c.label)}: ${inline(c.value)}`);
    out.push('');
  }

  out.push(`## Findings (${data.findings.length})`, '');
  if (data.findings.length === 0) out.push('No findings: every check passed.', '');
  const byId = new Map(data.messages.map((m, i) => [m.id, { m, n: i + 1 }]));
  for (const f of data.findings) {
    out.push(`### \\[${f.severity.toUpperCase()}\\] ${inline(f.title)} (${f.rule})`, '');
    if (f.observed !== undefined || f.expected !== undefined)
      out.push(`Observed: ${inline(f.observed ?? '—')} · expected: ${inline(f.expected ?? '—')}`, '');
    out.push(`Why: ${inline(f.explanation)}`, '', `Fix: ${inline(f.fix)}`, '');
    for (const e of f.evidence.slice(0, 5)) {
      const hit = byId.get(e.messageId);
      const where = hit ? `#${hit.n} ${messageLine(hit.m)}` : `message ${e.messageId}`;
      out.push(
        `- Evidence: ${inline(where)}${e.line ? `, line ${e.line}` : ''}${e.text ? `: ${mdCodeSpan(e.text)}` : ''}`,
      );
    }
    if (f.evidence.length > 5) out.push(`- … and ${f.evidence.length - 5} more`);
    out.push('');
  }

  out.push(...mediaMarkdown(data));

  const ladder = ladderOf(data);
  const ascii = ladderToAscii(ladder, { width: 100, maxRows: MAX_LADDER_ROWS }).trimEnd();
  out.push('## Ladder', '', ...mdFence(ascii.split('\n')), '');

  const key = keyMessages(data);
  out.push(`## Key messages (${key.length} of ${data.messages.length})`, '');
  for (const m of key) {
    const n = data.messages.indexOf(m) + 1;
    out.push(`### #${n} ${inline(messageLine(m))} at ${utc(m.tsMicros)}`, '');
    const lines = latin1(m.raw).replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
    const shown = lines.slice(0, MAX_MESSAGE_LINES);
    if (lines.length > MAX_MESSAGE_LINES) shown.push(`… ${lines.length - MAX_MESSAGE_LINES} more line(s)`);
    out.push(...mdFence(shown), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The messages a finding cites; without findings, each call's first request and its final answers. */
export function keyMessages(data: ExportData): StoredMessage[] {
  const byId = new Map(data.messages.map((m) => [m.id, m]));
  const picked = new Set<StoredMessage>();
  for (const f of data.findings)
    for (const e of f.evidence) {
      const m = byId.get(e.messageId);
      if (m && picked.size < MAX_KEY_MESSAGES) picked.add(m);
    }
  if (picked.size === 0) {
    const seenCalls = new Set<string>();
    for (const m of data.messages) {
      const call = m.callId ?? '';
      if (!seenCalls.has(call) && m.method !== undefined) {
        seenCalls.add(call);
        picked.add(m);
      } else if (m.status !== undefined && m.status >= 200 && m.status !== 401 && m.status !== 407)
        picked.add(m);
      if (picked.size >= MAX_KEY_MESSAGES) break;
    }
  }
  return data.messages.filter((m) => picked.has(m));
}

/** Text from the run on one Markdown line, shown as written (never as markup). */
function inline(s: string): string {
  return mdText(s);
}
