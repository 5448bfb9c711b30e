// One entry point for every export format: read the run, redact it once, render the format. The
// CLI (`sipkit export`), the Export menu's service and the tests all come through here, so every
// format of a run shows the same messages with the same replacements.
import { ladderToSvg } from '../../shared/ladder/ladder-svg';
import type { ExportFormat, ExportStage } from '../../shared/ipc/schemas/export';
import type { TraceStore } from '../store/trace-store';
import { htmlToPdf, svgToPng } from './chromium';
import { prepareExport, readExportInput, type ExportData } from './export-data';
import { framesOf } from './packet-frames';
import { writePcap } from './pcap-writer';
import { writePcapng } from './pcapng-writer';
import type { RedactChoice } from './redact';
import { reportHtml } from './report-html';
import { reportJson } from './report-json';
import { reportMarkdown } from './report-md';
import { ladderOf, reportTitle } from './report-summary';

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  'html',
  'pdf',
  'md',
  'svg',
  'png',
  'pcap',
  'pcapng',
  'json',
];

const MIME: Readonly<Record<ExportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  pcap: 'application/vnd.tcpdump.pcap',
  pcapng: 'application/x-pcapng',
  json: 'application/json',
};

/** Told as an export enters each stage, so a screen or the CLI can say what a slow one is doing. */
export type OnExportStage = (stage: ExportStage) => void;

/**
 * How PDF and PNG are drawn: Chromium headless by default; the desktop app uses Electron's own.
 * Each tells its own stages ('starting-chromium', 'printing').
 */
export interface PageRenderer {
  pdf(html: string, onStage?: OnExportStage): Promise<Uint8Array>;
  png(svg: string, width: number, height: number, onStage?: OnExportStage): Promise<Uint8Array>;
}

export const chromiumRenderer: PageRenderer = { pdf: htmlToPdf, png: svgToPng };

export interface ExportOptions {
  readonly redact: RedactChoice;
  readonly callIds?: readonly string[];
  /** Values masked wherever found, whatever the options (the passwords this app knows). */
  readonly secrets?: readonly string[];
  readonly renderer?: PageRenderer;
  readonly nowMicros?: number;
  /** Told at each stage: collecting, rendering, (Chromium starting, printing,) writing. */
  readonly onStage?: OnExportStage;
}

export interface ExportResult {
  readonly bytes: Uint8Array;
  readonly mime: string;
  readonly fileName: string;
  readonly redacted: readonly string[];
  /** Messages the export carries. */
  readonly messages: number;
}

export async function exportRun(
  store: TraceStore,
  runId: number,
  format: ExportFormat,
  opts: ExportOptions,
): Promise<ExportResult> {
  const stage: OnExportStage = opts.onStage ?? (() => undefined);
  const data = prepareExport(
    readExportInput(store, runId, () => stage('collecting')),
    {
      redact: opts.redact,
      ...(opts.callIds ? { callIds: opts.callIds } : {}),
      ...(opts.secrets ? { secrets: opts.secrets } : {}),
      ...(opts.nowMicros !== undefined ? { nowMicros: opts.nowMicros } : {}),
    },
  );
  stage('rendering');
  const bytes = await render(data, format, opts.renderer ?? chromiumRenderer, stage);
  // The caller writes the bytes next (a file for the CLI, the reply to the Export menu).
  stage('writing');
  return {
    bytes,
    mime: MIME[format],
    fileName: defaultFileName(data, format),
    redacted: data.redacted,
    messages: data.messages.length,
  };
}

async function render(
  data: ExportData,
  format: ExportFormat,
  renderer: PageRenderer,
  stage: OnExportStage,
): Promise<Uint8Array> {
  switch (format) {
    case 'html':
      return utf8(reportHtml(data));
    case 'pdf':
      return renderer.pdf(reportHtml(data, { expanded: true }), stage);
    case 'md':
      return utf8(reportMarkdown(data));
    case 'json':
      return utf8(reportJson(data));
    case 'svg':
      return utf8(`<?xml version="1.0" encoding="UTF-8"?>\n${ladderSvg(data)}\n`);
    case 'png': {
      const svg = ladderSvg(data);
      const size = svgSize(svg);
      return renderer.png(svg, size.width, size.height, stage);
    }
    case 'pcap':
      return writePcap(framesOf(data.messages));
    case 'pcapng':
      return writePcapng(framesOf(data.messages));
  }
}

function ladderSvg(data: ExportData): string {
  return ladderToSvg(ladderOf(data), { title: reportTitle(data) });
}

export function svgSize(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1];
  const h = /<svg[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg)?.[1];
  return { width: Number(w ?? 800), height: Number(h ?? 600) };
}

/** e.g. "sipkit-run-12-call.html"; a selection of calls says so. */
export function defaultFileName(data: Pick<ExportData, 'run' | 'callIds'>, format: ExportFormat): string {
  const part = data.callIds ? `-${data.callIds.length}-call${data.callIds.length === 1 ? '' : 's'}` : '';
  const ext = format === 'md' ? 'md' : format;
  return `sipkit-run-${data.run.id}-${data.run.kind}${part}.${ext}`;
}

function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf8'));
}
