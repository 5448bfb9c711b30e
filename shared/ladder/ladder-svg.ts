// The ladder as one standalone SVG document (the SVG export, the PNG export's source, the HTML
// report): inline attributes only, no scripts, no external references (the arrowheads are
// markers in its own <defs>), every text escaped. Geometry comes from ladder-layout, so an export
// matches the screen row for row.
import { columnX, LADDER_LAYOUT, ladderSizeOf, rowY } from './ladder-layout';
import { rowLimit } from './row-limit';
import type { LadderArrow, LadderColumn, LadderModel } from './ladder-model';
import {
  ARROW_COLOURS,
  arrowClass,
  BADGE_COLOURS,
  DETAIL_PX,
  fitText,
  LABEL_PX,
  SVG_FONT,
  textWidth,
  TIME_PX,
  type ArrowClass,
} from './svg-style';
import { xmlEscape as esc } from './xml-escape';

export interface LadderSvgOptions {
  /** Drawn above the ladder and given as the document's <title>. */
  readonly title?: string;
  /** Rows drawn at most (default 2000); the rest are summed up in a last "… N more messages" row. */
  readonly maxRows?: number;
  /** Prefix of the marker ids, for pages that inline several ladders (default "ladder"). */
  readonly idPrefix?: string;
}

export const DEFAULT_SVG_MAX_ROWS = 2000;
const TITLE_BAND = 32;
const SELF_LOOP = 34;
const BADGE_R = 5.5;

export function ladderToSvg(model: LadderModel, opts: LadderSvgOptions = {}): string {
  const maxRows = rowLimit(opts.maxRows, DEFAULT_SVG_MAX_ROWS);
  const prefix = /^[A-Za-z][\w-]*$/.test(opts.idPrefix ?? '') ? opts.idPrefix! : 'ladder';
  const shown = Math.min(model.arrows.length, maxRows);
  const more = model.arrows.length - shown;
  const title = opts.title?.trim() ?? '';
  const top = title ? TITLE_BAND : 0;
  const size = ladderSizeOf(model.columns.length, shown + (more > 0 || model.arrows.length === 0 ? 1 : 0));
  const width = size.width;
  const height = size.height + top;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${SVG_FONT}" font-size="${LABEL_PX}">`,
  ];
  if (title) out.push(`<title>${esc(title)}</title>`);
  out.push(markers(prefix));
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (title) {
    out.push(
      `<text x="12" y="21" font-size="14" font-weight="bold" fill="#111827">${esc(fitText(title, 14, width - 24))}</text>`,
    );
  }
  out.push(`<g transform="translate(0 ${top})">`);
  for (const column of model.columns) out.push(header(column));
  for (const column of model.columns) out.push(lifeLine(column, size.height));
  for (let i = 0; i < shown; i++) out.push(arrowRow(model.arrows[i]!, i, prefix));
  if (more > 0)
    out.push(noteRow(shown, `… ${more.toLocaleString('en')} more message${more === 1 ? '' : 's'}`));
  if (model.arrows.length === 0) out.push(noteRow(0, 'No messages'));
  out.push('</g>', '</svg>');
  return out.join('\n');
}

function markers(prefix: string): string {
  const defs = (Object.keys(ARROW_COLOURS) as ArrowClass[]).map(
    (cls) =>
      `<marker id="${prefix}-head-${cls}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${ARROW_COLOURS[cls]}"/></marker>`,
  );
  return `<defs>${defs.join('')}</defs>`;
}

function header(column: LadderColumn): string {
  const { columnWidth, headerHeight } = LADDER_LAYOUT;
  const x = columnX(column.index);
  const boxWidth = columnWidth - 16;
  const boxHeight = Math.min(44, headerHeight - 12);
  const boxTop = (headerHeight - boxHeight) / 2;
  const first = column.addresses[0] ?? '';
  const others = column.addresses.length - 1;
  const showAddress = first !== '' && (first !== column.label || others > 0);
  const sub = column.local
    ? `SIP Field Kit${showAddress ? ` · ${first}` : ''}${others > 0 ? ` +${others}` : ''}`
    : showAddress
      ? `${first}${others > 0 ? ` +${others}` : ''}`
      : '';
  const labelY = sub ? boxTop + 18 : boxTop + boxHeight / 2 + 4;
  const fill = column.local ? '#eff6ff' : '#f3f4f6';
  const stroke = column.local ? '#2563eb' : '#9ca3af';
  return [
    `<g>`,
    `<title>${esc([column.label, ...column.addresses].join('\n'))}</title>`,
    `<rect x="${num(x - boxWidth / 2)}" y="${num(boxTop)}" width="${boxWidth}" height="${boxHeight}" rx="5" fill="${fill}" stroke="${stroke}"/>`,
    `<text x="${num(x)}" y="${num(labelY)}" text-anchor="middle" font-weight="bold" fill="#111827">${esc(fitText(column.label, LABEL_PX, boxWidth - 12))}</text>`,
    sub
      ? `<text x="${num(x)}" y="${num(boxTop + 34)}" text-anchor="middle" font-size="${DETAIL_PX}" fill="#4b5563">${esc(fitText(sub, DETAIL_PX, boxWidth - 12))}</text>`
      : '',
    `</g>`,
  ].join('');
}

function lifeLine(column: LadderColumn, bottom: number): string {
  const x = num(columnX(column.index));
  const colour = column.local ? '#93c5fd' : '#d1d5db';
  return `<line x1="${x}" y1="${LADDER_LAYOUT.headerHeight}" x2="${x}" y2="${bottom}" stroke="${colour}" stroke-width="1" stroke-dasharray="4 4"/>`;
}

function arrowRow(arrow: LadderArrow, row: number, prefix: string): string {
  const { columnWidth } = LADDER_LAYOUT;
  const y = rowY(row);
  const x1 = columnX(arrow.from);
  const x2 = columnX(arrow.to);
  const self = arrow.from === arrow.to;
  const cls = arrowClass(arrow);
  const colour = ARROW_COLOURS[cls];
  const dash = arrow.retransmission ? ' stroke-dasharray="5 4"' : '';
  const head = `marker-end="url(#${prefix}-head-${cls})"`;
  const span = self ? columnWidth - SELF_LOOP : Math.max(Math.abs(x2 - x1), columnWidth * 0.6);
  const labelX = self ? x1 + SELF_LOOP + 6 : (x1 + x2) / 2;
  const labelY = self ? y - 10 : y - 5;
  const anchor = self ? 'start' : 'middle';
  const retr = arrow.retransmission ? ' retr.' : '';
  const badgeSpace = arrow.badges.length * (BADGE_R * 2 + 3);
  const label = fitText(arrow.label, LABEL_PX, span - 16 - badgeSpace - textWidth(retr, LABEL_PX));
  const labelWidth = textWidth(label + retr, LABEL_PX);
  const labelEnd = self ? labelX + labelWidth : labelX + labelWidth / 2;
  const detail = fitText(arrow.detail, DETAIL_PX, span - 12);
  const parts = [
    `<g data-message-id="${arrow.messageId}">`,
    `<text x="8" y="${num(y - 3)}" font-size="${TIME_PX}" fill="#374151">${esc(arrow.timeLabel)}</text>`,
  ];
  if (arrow.deltaLabel) {
    parts.push(
      `<text x="8" y="${num(y + 11)}" font-size="${DETAIL_PX - 0.5}" fill="#9ca3af">${esc(arrow.deltaLabel)}</text>`,
    );
  }
  parts.push(
    self
      ? `<path d="M${num(x1)} ${num(y - 7)} h${SELF_LOOP} v14 h${-SELF_LOOP}" fill="none" stroke="${colour}" stroke-width="1.5"${dash} ${head}/>`
      : `<line x1="${num(x1)}" y1="${num(y)}" x2="${num(x2)}" y2="${num(y)}" stroke="${colour}" stroke-width="1.5"${dash} ${head}/>`,
    `<text x="${num(labelX)}" y="${num(labelY)}" text-anchor="${anchor}" fill="${colour}">${esc(label)}${
      retr ? `<tspan fill="#6b7280" font-style="italic">${retr}</tspan>` : ''
    }</text>`,
  );
  if (detail) {
    parts.push(
      `<text x="${num(labelX)}" y="${num(self ? y + 20 : y + 13)}" text-anchor="${anchor}" font-size="${DETAIL_PX}" fill="#6b7280">${esc(detail)}</text>`,
    );
  }
  arrow.badges.forEach((badge, i) => {
    const cx = labelEnd + 4 + BADGE_R + i * (BADGE_R * 2 + 3);
    const cy = labelY - 4;
    const severity = badge.severity === 'error' ? 'Error' : badge.severity === 'warning' ? 'Warning' : 'Info';
    parts.push(
      `<g><title>${esc(`${severity}: ${badge.title} (${badge.rule})`)}</title><circle cx="${num(cx)}" cy="${num(cy)}" r="${BADGE_R}" fill="${BADGE_COLOURS[badge.severity] ?? BADGE_COLOURS.info}"/><text x="${num(cx)}" y="${num(cy + 3)}" text-anchor="middle" font-size="9" font-weight="bold" fill="#ffffff">${badge.severity === 'info' ? 'i' : '!'}</text></g>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}

function noteRow(row: number, text: string): string {
  const { timeGutter, marginX } = LADDER_LAYOUT;
  return `<text x="${timeGutter + marginX}" y="${num(rowY(row) + 4)}" font-style="italic" fill="#6b7280">${esc(text)}</text>`;
}

/** Coordinates with at most one decimal: shorter files, same picture. */
function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}
