// The acceptance checklist at the top of the Markdown report, in the HTML report's order: the
// verdict (or the failing steps with their fixes), the checklist, each call's ladder as text, the
// provider's numbers, site and target, the note, and the lines to sign. Every string from the run
// is escaped (markdown-text.ts): a step's reason may quote what a peer sent.
import { ladderToAscii } from '../../shared/ladder/ladder-ascii';
import type { AcceptanceRun, AcceptanceStep } from '../../shared/ipc/schemas/acceptance';
import type { ExportData } from './export-data';
import { mdCodeSpan, mdFence, mdText } from './markdown-text';
import { acceptanceVerdict, STATUS_WORDS, stepTime } from '../../shared/acceptance/acceptance-text';
import { acceptanceFacts, CALL_LADDER_ROWS, callLadders } from './acceptance-report';

export function acceptanceMarkdown(a: AcceptanceRun, data: ExportData): string[] {
  const v = acceptanceVerdict(a);
  const out: string[] = [`## Verdict: ${mdText(v.headline)}`, ''];
  for (const s of v.steps) out.push(`- ${stepLine(s)}`);
  if (v.steps.length > 0) out.push('');

  out.push('## Checklist', '');
  for (const s of a.steps) {
    out.push(`- **${STATUS_WORDS[s.status]}** ${mdText(s.title)} (${mdText(stepTime(s))})`);
    if (s.reason) out.push(`  - ${mdText(s.reason)}`);
    if (s.fix) out.push(`  - Fix: ${mdText(s.fix)}`);
    for (const f of s.figures) {
      const mark = f.ok === undefined ? '' : f.ok ? ' (ok)' : ' (NOT OK)';
      const expected = f.expected !== undefined ? `, expected ${f.expected}` : '';
      // Escaped whole: a value such as "192.0.2.10" only looks like a list item at a line's start.
      out.push(`  - ${mdText(`${f.label}: ${f.value}${expected}${mark}`)}`);
    }
    for (const e of s.evidence) out.push(`  - Evidence: ${mdText(e.text)}`);
    if (s.rules.length > 0) out.push(`  - Rules: ${s.rules.map(mdCodeSpan).join(' ')}`);
  }
  out.push('');

  for (const l of callLadders(a, data)) {
    out.push(`### Call: ${mdText(l.step.title)} (Call-ID ${mdCodeSpan(l.callId)})`, '');
    const ascii = ladderToAscii(l.model, { width: 100, maxRows: CALL_LADDER_ROWS }).trimEnd();
    out.push(...mdFence(ascii.split('\n')), '');
  }

  if (a.providerNumbers.length > 0) {
    out.push(`## Checked against (${mdText(a.profile)})`, '');
    for (const n of a.providerNumbers) out.push(`- ${mdText(`${n.label}: ${n.value}`)}`);
    out.push('');
  }

  out.push('## Site and target', '');
  for (const r of acceptanceFacts(a, data)) out.push(`- **${r.label}:** ${mdText(r.value)}`);
  out.push('');

  if (a.note?.trim())
    out.push(
      '## Note',
      '',
      ...a.note
        .trim()
        .split(/\r?\n/)
        .map((l) => `> ${mdText(l)}`),
      '',
    );

  out.push(
    '## Sign-off',
    '',
    'Technician (name): ______________________________  Signature: ______________________________',
    '',
    'Customer (name): ______________________________  Signature: ______________________________',
    '',
    'Date: ______________________________',
    '',
  );
  return out;
}

/** "**Registration to region 1** — FAIL: refresh every 30 s. Fix: …" */
function stepLine(s: AcceptanceStep): string {
  const reason = s.reason ? `: ${s.reason}` : '';
  const fix = s.fix ? ` Fix: ${s.fix}` : '';
  return `**${mdText(s.title)}** — ${mdText(`${STATUS_WORDS[s.status]}${reason}.${fix}`)}`;
}
