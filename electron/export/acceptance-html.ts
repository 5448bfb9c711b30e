// The acceptance checklist at the top of the HTML report (and so of the PDF), in the order a
// customer reads it before signing: the verdict (or the failing steps with their fixes), the
// checklist with times and figures, each call's ladder, the provider's numbers, who and what was
// tested, the technician's note, and the lines to sign. The run's traffic follows as the appendix.
import { ladderToSvg } from '../../shared/ladder/ladder-svg';
import type { AcceptanceRun, AcceptanceStep } from '../../shared/ipc/schemas/acceptance';
import type { ExportData } from './export-data';
import { html } from './html-escape';
import {
  acceptanceVerdict,
  STATUS_WORDS,
  statusTone,
  stepTime,
} from '../../shared/acceptance/acceptance-text';
import { acceptanceFacts, CALL_LADDER_ROWS, callLadders } from './acceptance-report';

export function acceptanceHtml(a: AcceptanceRun, data: ExportData): string {
  return [
    verdictSection(a),
    checklistSection(a, data),
    laddersSection(a, data),
    providerSection(a),
    factsSection(a, data),
    noteSection(a),
    SIGNATURE,
  ].join('\n');
}

function verdictSection(a: AcceptanceRun): string {
  const v = acceptanceVerdict(a);
  const items = v.steps.map((s) => `<li>${stepLine(s)}</li>`).join('');
  return `<section id="verdict" class="verdict-box ${v.tone}"><h2><span class="dot ${v.tone}"></span>${html(v.headline)}</h2>
${items ? `<ul class="failing">${items}</ul>` : ''}</section>`;
}

/** "Registration to region 1 — FAIL: refresh every 30 s. Fix: …" */
function stepLine(s: AcceptanceStep): string {
  const reason = s.reason ? `: ${html(s.reason)}` : '';
  const fix = s.fix ? ` <span class="fix"><strong>Fix:</strong> ${html(s.fix)}</span>` : '';
  return `<strong>${html(s.title)}</strong> — ${html(STATUS_WORDS[s.status])}${reason}.${fix}`;
}

function checklistSection(a: AcceptanceRun, data: ExportData): string {
  const present = new Set(data.messages.map((m) => m.id));
  const rows = a.steps.map((s) => {
    const figures = s.figures
      .map((f) => {
        const mark = f.ok === undefined ? '' : `<span class="dot ${f.ok ? 'ok' : 'bad'}"></span>`;
        const expected =
          f.expected !== undefined ? ` <span class="exp">(expected ${html(f.expected)})</span>` : '';
        return `<li>${mark}${html(f.label)}: <b>${html(f.value)}</b>${expected}</li>`;
      })
      .join('');
    const evidence = s.evidence
      .map((e) => {
        const text = html(e.text);
        return `<li>${e.messageId !== undefined && present.has(e.messageId) ? `<a href="#msg-${e.messageId}">${text}</a>` : text}</li>`;
      })
      .join('');
    const notes = [
      s.reason ? `<p>${html(s.reason)}</p>` : '',
      s.fix ? `<p class="fix"><strong>Fix:</strong> ${html(s.fix)}</p>` : '',
      s.rules.length ? `<p class="rule">${s.rules.map(html).join(' ')}</p>` : '',
      evidence ? `<ul class="evidence">${evidence}</ul>` : '',
    ].join('');
    return `<tr class="step ${s.status}"><td class="st"><span class="dot ${statusTone(s.status)}"></span>${html(STATUS_WORDS[s.status])}</td><td><b>${html(s.title)}</b>${notes}</td><td class="time">${html(stepTime(s))}</td><td>${figures ? `<ul class="figures">${figures}</ul>` : ''}</td></tr>`;
  });
  return `<section id="checklist"><h2>Checklist</h2><table class="checklist"><thead><tr><th>Result</th><th>Step</th><th>When</th><th>Seen (expected)</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function laddersSection(a: AcceptanceRun, data: ExportData): string {
  const ladders = callLadders(a, data);
  if (ladders.length === 0) return '';
  const items = ladders.map(
    (l, i) =>
      `<figure class="call"><figcaption>${html(l.step.title)} · Call-ID <code>${html(l.callId)}</code></figcaption><div class="ladder">${ladderToSvg(l.model, { idPrefix: `call${i + 1}`, maxRows: CALL_LADDER_ROWS })}</div></figure>`,
  );
  return `<section id="calls"><h2>The calls</h2>${items.join('\n')}</section>`;
}

function providerSection(a: AcceptanceRun): string {
  if (a.providerNumbers.length === 0) return '';
  const rows = a.providerNumbers
    .map((n) => `<tr><th>${html(n.label)}</th><td>${html(n.value)}</td></tr>`)
    .join('');
  return `<section id="provider"><h2>Checked against (${html(a.profile)})</h2><table class="summary">${rows}</table></section>`;
}

function factsSection(a: AcceptanceRun, data: ExportData): string {
  const rows = acceptanceFacts(a, data)
    .map((r) => `<tr><th>${html(r.label)}</th><td>${html(r.value)}</td></tr>`)
    .join('');
  return `<section id="tested"><h2>Site and target</h2><table class="summary">${rows}</table></section>`;
}

function noteSection(a: AcceptanceRun): string {
  if (!a.note?.trim()) return '';
  return `<section id="note"><h2>Note</h2><p class="note">${html(a.note.trim())}</p></section>`;
}

const SIGNATURE = `<section id="signatures"><h2>Sign-off</h2>
<table class="signatures"><tr><th>Technician (name)</th><td class="line"></td><th>Signature</th><td class="line"></td></tr>
<tr><th>Customer (name)</th><td class="line"></td><th>Signature</th><td class="line"></td></tr>
<tr><th>Date</th><td class="line"></td><td></td><td></td></tr></table></section>`;

export const ACCEPTANCE_CSS = `
.verdict-box { padding: 10px 14px; border-radius: 6px; border: 1px solid #e5e7eb; background: #f9fafb; break-inside: avoid; }
.verdict-box.ok { border-color: #16a34a; background: #f0fdf4; } .verdict-box.bad { border-color: #dc2626; background: #fef2f2; } .verdict-box.run { border-color: #d97706; background: #fffbeb; }
.verdict-box h2 { border: none; margin: 0; padding: 0; font-size: 20px; }
.failing { margin: 8px 0 0; padding-left: 20px; } .failing li { margin: 4px 0; }
table.checklist { border-collapse: collapse; width: 100%; }
table.checklist th { text-align: left; font-weight: 600; color: #374151; border-bottom: 1px solid #e5e7eb; padding: 4px 8px 4px 0; }
table.checklist td { vertical-align: top; padding: 6px 8px 6px 0; border-bottom: 1px solid #f3f4f6; }
table.checklist td p { margin: 2px 0; }
tr.step { break-inside: avoid; } tr.step.fail td { background: #fef2f2; } tr.step td:nth-child(2) { width: 42%; }
td.st, td.time { white-space: nowrap; }
.figures { margin: 0; padding-left: 0; list-style: none; } .exp { color: #6b7280; }
figure.call { margin: 10px 0; break-inside: avoid; } figcaption { font-weight: 600; margin-bottom: 4px; }
.note { white-space: pre-wrap; padding: 8px 12px; background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 6px; }
table.signatures { border-collapse: collapse; width: 100%; margin-top: 8px; break-inside: avoid; }
table.signatures th { text-align: left; font-weight: 600; padding: 22px 10px 2px 0; white-space: nowrap; width: 1%; }
table.signatures td.line { border-bottom: 1px solid #111827; min-width: 180px; }
@media print { #signatures { break-after: page; } }
`;
