// The RTP section of the HTML and Markdown reports: per call the audio verdict, then its streams
// in Wireshark's words (shared/diagnostics/media-view.ts, as `sipkit analyze` prints them), so a
// ticket answers "calls connect but no audio" without the capture attached.
import { callMediaLine, streamLine } from '../../shared/diagnostics/media-view';
import type { ExportData } from './export-data';
import { html } from './html-escape';
import { mdText } from './markdown-text';

export function mediaHtml(data: ExportData): string {
  const calls = data.media ?? [];
  if (calls.length === 0) return '';
  const items = calls.map((c) => {
    const streams = c.streams.map((s) => `<li class="mono">${html(streamLine(s))}</li>`).join('');
    return `<div class="rtp-call ${html(c.verdict)}"><p>${html(callMediaLine(c))}</p>${streams ? `<ul>${streams}</ul>` : ''}</div>`;
  });
  return `<section id="rtp"><h2>RTP streams</h2>${items.join('\n')}</section>`;
}

export function mediaMarkdown(data: ExportData): string[] {
  const calls = data.media ?? [];
  if (calls.length === 0) return [];
  const out = ['## RTP streams', ''];
  for (const c of calls) {
    out.push(`- ${mdText(callMediaLine(c))}`);
    for (const s of c.streams) out.push(`  - ${mdText(streamLine(s))}`);
  }
  out.push('');
  return out;
}
