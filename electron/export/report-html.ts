// The report as one self-contained HTML file: inline CSS, the ladder as inline SVG, every
// message's raw text in a <details> in ladder order, no script and no external reference. The
// Content-Security-Policy meta makes the browser refuse any request the page might still try.
// The PDF is this same page printed by Chromium (chromium.ts), with the messages expanded.
import { mediaHtml } from './report-media';
import { DEFAULT_SVG_MAX_ROWS, ladderToSvg } from '../../shared/ladder/ladder-svg';
import { LADDER_LAYOUT, rowY } from '../../shared/ladder/ladder-layout';
import type { LadderModel } from '../../shared/ladder/ladder-model';
import type { FindingView } from '../../shared/ipc/schemas/traces';
import type { StoredMessage } from '../../shared/trace-types';
import type { ExportData } from './export-data';
import { latin1 } from './export-data';
import { html, htmlRaw } from './html-escape';
import { ACCEPTANCE_CSS, acceptanceHtml } from './acceptance-html';
import { acceptanceOf } from './acceptance-report';
import { loadCharts } from './load-charts';
import {
  ladderOf,
  loadResult,
  messageLine,
  reportTitle,
  routeLine,
  summaryRows,
  utc,
} from './report-summary';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** A 30,000-message load run stays a file a browser opens; the rest are counted, not listed. */
const MAX_LISTED_MESSAGES = 20_000;

export interface HtmlReportOptions {
  /** Open every message (the PDF: a printed page cannot be clicked). */
  readonly expanded?: boolean;
}

export function reportHtml(data: ExportData, opts: HtmlReportOptions = {}): string {
  const title = reportTitle(data);
  const ladder = ladderOf(data);
  // An acceptance run opens with its checklist (verdict first); the run's traffic follows it.
  const acceptance = acceptanceOf(data.run);
  const body = [
    `<header><h1>${html(title)}</h1><p class="sub">SIP Field Kit report · exported ${html(utc(data.exportedAtMicros))}</p></header>`,
    acceptance ? acceptanceHtml(acceptance, data) : '',
    summarySection(data),
    loadSection(data),
    findingsSection(data.findings, data.messages),
    mediaHtml(data),
    ladderSection(ladder),
    messagesSection(ladder, data, opts.expanded === true),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="SIP Field Kit">
<title>${html(title)}</title>
<style>${CSS}${acceptance ? ACCEPTANCE_CSS : ''}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function summarySection(data: ExportData): string {
  const rows = summaryRows(data)
    .map((r) => `<tr><th>${html(r.label)}</th><td>${verdictClass(r)}${html(r.value)}</td></tr>`)
    .join('');
  const redacted = data.redacted.map((r) => `<li>${html(r)}</li>`).join('');
  return `<section id="summary"><h2>Summary</h2><table class="summary">${rows}</table>
<div class="redacted"><strong>Redacted in this export:</strong><ul>${redacted}</ul></div></section>`;
}

function verdictClass(r: { label: string; value: string }): string {
  if (r.label !== 'Verdict') return '';
  const cls = r.value.startsWith('PASSED') ? 'ok' : r.value.startsWith('FAILED') ? 'bad' : 'run';
  return `<span class="dot ${cls}"></span>`;
}

function loadSection(data: ExportData): string {
  if (data.run.kind !== 'load') return '';
  const charts = loadCharts(data.run.params);
  const result = loadResult(data);
  if (charts.length === 0 && !result) return '';
  const verdict = result?.verdict.map((v) => `<li>${html(v)}</li>`).join('') ?? '';
  const caps =
    result?.caps.map((c) => `<tr><th>${html(c.label)}</th><td>${html(c.value)}</td></tr>`).join('') ?? '';
  return `<section id="load"><h2>Load result</h2>
${verdict ? `<ul class="verdict">${verdict}</ul>` : ''}
${caps ? `<table class="summary">${caps}</table>` : ''}
<div class="charts">${charts.join('\n')}</div></section>`;
}

function findingsSection(findings: readonly FindingView[], messages: readonly StoredMessage[]): string {
  if (findings.length === 0) {
    return '<section id="findings"><h2>Findings</h2><p class="none">No findings: every check passed.</p></section>';
  }
  const index = new Map(messages.map((m, i) => [m.id, { m, n: i + 1 }]));
  const items = findings.map((f) => {
    const evidence = f.evidence.slice(0, 10).map((e) => {
      const hit = index.get(e.messageId);
      const label = hit ? `#${hit.n} ${messageLine(hit.m)}` : `message ${e.messageId}`;
      return `<li><a href="#msg-${e.messageId}">${html(label)}</a>${e.line ? `, line ${e.line}` : ''}${e.text ? `: <code>${html(e.text)}</code>` : ''}</li>`;
    });
    if (f.evidence.length > 10) evidence.push(`<li>… and ${f.evidence.length - 10} more</li>`);
    const observed =
      f.observed !== undefined || f.expected !== undefined
        ? `<p class="obs">Observed: <code>${html(f.observed ?? '—')}</code> · expected: <code>${html(f.expected ?? '—')}</code></p>`
        : '';
    return `<article class="finding ${f.severity}"><h3><span class="sev">${f.severity}</span> ${html(f.title)} <span class="rule">${html(f.rule)}</span></h3>
${observed}<p>${html(f.explanation)}</p><p class="fix"><strong>Fix:</strong> ${html(f.fix)}</p>
${evidence.length ? `<ul class="evidence">${evidence.join('')}</ul>` : ''}</article>`;
  });
  return `<section id="findings"><h2>Findings (${findings.length})</h2>${items.join('\n')}</section>`;
}

function ladderSection(model: LadderModel): string {
  const svg = withRowLinks(ladderToSvg(model, { idPrefix: 'report' }), model);
  return `<section id="ladder"><h2>Ladder</h2><p class="hint">Click an arrow to open its message below.</p><div class="ladder">${svg}</div></section>`;
}

/**
 * A transparent link over each drawn row, to the message's raw text. The target sits inside the
 * closed <details>, so following the link opens it (HTML's auto-expanding details).
 */
function withRowLinks(svg: string, model: LadderModel): string {
  const end = svg.lastIndexOf('</svg>');
  if (end < 0) return svg;
  const { rowHeight } = LADDER_LAYOUT;
  const width = /width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? '0';
  const rows = model.arrows.slice(0, DEFAULT_SVG_MAX_ROWS).map((a, row) => {
    const y = rowY(row) - rowHeight / 2;
    return `<a href="#msg-${a.messageId}"><rect class="row-link" x="0" y="${y}" width="${width}" height="${rowHeight}" fill="#2563eb" fill-opacity="0"><title>${html(a.label)}: open the message</title></rect></a>`;
  });
  return `${svg.slice(0, end)}<g>${rows.join('')}</g>${svg.slice(end)}`;
}

function messagesSection(model: LadderModel, data: ExportData, expanded: boolean): string {
  const byId = new Map(data.messages.map((m) => [m.id, m]));
  const evidenceLines = new Map<number, Set<number>>();
  for (const f of data.findings)
    for (const e of f.evidence)
      if (e.line !== undefined) {
        const set = evidenceLines.get(e.messageId) ?? new Set<number>();
        set.add(e.line);
        evidenceLines.set(e.messageId, set);
      }
  const listed = model.arrows.slice(0, MAX_LISTED_MESSAGES);
  const items = listed.map((a, i) => {
    const m = byId.get(a.messageId)!;
    const marks = evidenceLines.get(m.id);
    const text = latin1(m.raw)
      .replace(/\r\n/g, '\n')
      .replace(/\n+$/, '')
      .split('\n')
      .map((line, j) => (marks?.has(j + 1) ? `<mark>${htmlRaw(line)}</mark>` : htmlRaw(line)))
      .join('\n');
    const badges = a.badges.map((b) => `<span class="badge ${b.severity}">${html(b.rule)}</span>`).join('');
    const retr = a.retransmission ? ' <span class="retr">retr.</span>' : '';
    return `<details${expanded ? ' open' : ''}><summary><span class="n">#${i + 1}</span> <span class="t">${html(a.timeLabel)}</span> <b>${html(a.label)}</b>${retr} <span class="addr">${html(routeLine(m))}</span> ${badges}</summary><pre id="msg-${m.id}">${text}</pre></details>`;
  });
  const more =
    model.arrows.length > listed.length
      ? `<p class="hint">… ${model.arrows.length - listed.length} more message(s) are in the JSON and pcap exports.</p>`
      : '';
  return `<section id="messages"><h2>Messages (${data.messages.length})</h2>${items.join('\n')}${more}</section>`;
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #111827; background: #fff; margin: 0 auto; padding: 24px; max-width: 1200px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e5e7eb; }
h3 { font-size: 15px; margin: 0 0 6px; }
.sub, .hint { color: #6b7280; margin: 0 0 8px; }
table.summary { border-collapse: collapse; }
table.summary th { text-align: left; font-weight: 600; padding: 3px 16px 3px 0; vertical-align: top; color: #374151; white-space: nowrap; }
table.summary td { padding: 3px 0; }
#rtp .rtp-call.one-way-out p, #rtp .rtp-call.one-way-in p, #rtp .rtp-call.none p { color: #b91c1c; font-weight: 600; }
#rtp ul { margin: 2px 0 10px; font-size: 12px; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; }
.dot.ok { background: #16a34a; } .dot.bad { background: #dc2626; } .dot.run { background: #d97706; }
.redacted { margin-top: 12px; padding: 8px 12px; background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 6px; }
.redacted ul { margin: 4px 0 0; padding-left: 20px; }
.finding { border-left: 4px solid #9ca3af; padding: 8px 12px; margin: 10px 0; background: #f9fafb; border-radius: 0 6px 6px 0; break-inside: avoid; }
.finding.error { border-color: #dc2626; } .finding.warning { border-color: #d97706; } .finding.info { border-color: #2563eb; }
.finding p { margin: 4px 0; }
.sev { text-transform: uppercase; font-size: 11px; padding: 1px 6px; border-radius: 4px; color: #fff; background: #6b7280; vertical-align: middle; }
.error .sev { background: #dc2626; } .warning .sev { background: #d97706; } .info .sev { background: #2563eb; }
.rule { font: 12px ui-monospace, monospace; color: #6b7280; font-weight: normal; }
.fix { color: #065f46; }
.evidence { margin: 4px 0; padding-left: 20px; }
code, pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
code { background: #eef2ff; padding: 0 3px; border-radius: 3px; word-break: break-all; }
.ladder { overflow-x: auto; border: 1px solid #e5e7eb; border-radius: 6px; }
.ladder svg { display: block; max-width: 100%; height: auto; }
.row-link:hover { fill-opacity: 0.07; }
.charts svg { display: block; max-width: 100%; height: auto; margin: 8px 0; border: 1px solid #e5e7eb; border-radius: 6px; }
details { border-bottom: 1px solid #f3f4f6; }
summary { cursor: pointer; padding: 3px 0; }
summary .n { color: #6b7280; display: inline-block; min-width: 3.5em; }
summary .t { color: #374151; font: 12px ui-monospace, monospace; display: inline-block; min-width: 7em; }
summary .addr { color: #6b7280; }
.retr { color: #b45309; font-size: 12px; }
.badge { font: 11px ui-monospace, monospace; padding: 0 4px; border-radius: 3px; color: #fff; background: #6b7280; }
.badge.error { background: #dc2626; } .badge.warning { background: #d97706; } .badge.info { background: #2563eb; }
pre { margin: 4px 0 10px; padding: 8px 10px; background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 6px; white-space: pre-wrap; word-break: break-all; }
pre:target { outline: 2px solid #2563eb; }
mark { background: #fde68a; }
@media print {
  body { padding: 0; max-width: none; font-size: 12px; }
  .hint { display: none; }
  .ladder { border: none; overflow: visible; }
  pre { break-inside: auto; }
  h2 { break-after: avoid; }
}
`;
