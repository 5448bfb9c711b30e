// The ladder as fixed-width text, for the CLI (`sipkit traces show RUN --ladder`), Markdown exports
// and tickets: column labels on top, then one line per message with its time, an arrow between
// the two life lines, "(retr.)" for a retransmission and the findings' rule ids in brackets.
//
//               127.0.0.1            127.0.0.2
//   +0.000 s        |--INVITE (SDP)---->|
//   +0.012 s        |<---100 Trying-----|
import type { LadderArrow, LadderColumn, LadderModel } from './ladder-model';
import { rowLimit } from './row-limit';
import { printableLine } from './xml-escape';

export interface LadderAsciiOptions {
  /** Characters per line the columns are spread over (default 100, at least 40). */
  readonly width?: number;
  /** Lines of arrows at most (default 2000); the rest are summed up in a "… N more" line. */
  readonly maxRows?: number;
}

export const DEFAULT_ASCII_WIDTH = 100;
export const DEFAULT_ASCII_MAX_ROWS = 2000;
/** Narrowest distance between two life lines: "|<-100 Trying-|" still fits. */
const MIN_CELL = 14;

export function ladderToAscii(model: LadderModel, opts: LadderAsciiOptions = {}): string {
  const width = Math.min(1000, Math.max(40, rowLimit(opts.width, DEFAULT_ASCII_WIDTH)));
  const maxRows = rowLimit(opts.maxRows, DEFAULT_ASCII_MAX_ROWS);
  const shown = model.arrows.slice(0, maxRows);
  const more = model.arrows.length - shown.length;
  let gutter = 8;
  for (const a of shown) gutter = Math.max(gutter, a.timeLabel.length);
  gutter += 2;
  const count = Math.max(1, model.columns.length);
  const cell = Math.max(MIN_CELL, Math.floor((width - gutter) / count));
  const xs = model.columns.map((_, i) => gutter + Math.floor(cell * i + cell / 2));
  const lines = model.columns.length ? headerLines(model.columns, xs, cell) : [];
  for (const arrow of shown) lines.push(arrowLine(arrow, xs, cell, gutter));
  if (more > 0) lines.push(`${' '.repeat(gutter)}… ${more} more message${more === 1 ? '' : 's'}`);
  if (model.arrows.length === 0) lines.push(`${' '.repeat(gutter)}(no messages)`);
  return `${lines.join('\n')}\n`;
}

function headerLines(columns: readonly LadderColumn[], xs: readonly number[], cell: number): string[] {
  const labels = columns.map((c) => c.label);
  const subs = columns.map((c) => {
    const first = c.addresses[0] ?? '';
    const others = c.addresses.length - 1;
    return first !== '' && (first !== c.label || others > 0)
      ? `${first}${others > 0 ? ` +${others}` : ''}`
      : '';
  });
  const lines = [centred(labels, xs, cell)];
  if (subs.some((s) => s !== '')) lines.push(centred(subs, xs, cell));
  return lines;
}

/** Each text centred on its life line, cut to the space between two lines. */
function centred(texts: readonly string[], xs: readonly number[], cell: number): string {
  const canvas: string[] = [];
  texts.forEach((raw, i) => {
    const text = fit(printableLine(raw), cell - 2);
    const start = Math.max(0, xs[i]! - Math.floor((text.length - 1) / 2));
    write(canvas, start, text);
  });
  return fill(canvas).trimEnd();
}

function arrowLine(arrow: LadderArrow, xs: readonly number[], cell: number, gutter: number): string {
  const canvas: string[] = [];
  for (const x of xs) canvas[x] = '|';
  const label = printableLine(arrow.label);
  const from = xs[arrow.from] ?? gutter;
  const to = xs[arrow.to] ?? gutter;
  if (from === to) {
    // A message to itself: a short hook back into its own life line, the label beside it.
    write(canvas, from + 1, `<-' ${fit(withSdp(label, arrow, cell - 6), cell - 6)}`);
  } else {
    const left = Math.min(from, to);
    const right = Math.max(from, to);
    for (let x = left + 1; x < right; x++) canvas[x] = '-';
    if (from < to) canvas[right - 1] = '>';
    else canvas[left + 1] = '<';
    // Between the head and the far line, with at least one dash either side of the text.
    const room = right - left - 2;
    const text = fit(withSdp(label, arrow, room - 2), room - 2);
    const interior = from < to ? left + 1 : left + 2;
    write(canvas, interior + Math.floor((room - text.length) / 2), text);
  }
  const marks = [
    ...(arrow.retransmission ? ['(retr.)'] : []),
    ...arrow.badges.map((b) => `[${printableLine(b.rule)}]`),
  ];
  const line = `${arrow.timeLabel.padEnd(gutter)}${fill(canvas).slice(gutter).trimEnd()}`;
  return marks.length ? `${line} ${marks.join(' ')}` : line;
}

/** sngrep's "INVITE (SDP)", when the mark fits; the bare label otherwise. */
function withSdp(label: string, arrow: LadderArrow, room: number): string {
  const marked = `${label} (SDP)`;
  return arrow.sdp && marked.length <= room ? marked : label;
}

function fit(text: string, room: number): string {
  if (text.length <= room) return text;
  return room <= 1 ? text.slice(0, Math.max(0, room)) : `${text.slice(0, room - 1)}…`;
}

function write(canvas: string[], start: number, text: string): void {
  for (let i = 0; i < text.length; i++) canvas[start + i] = text[i]!;
}

function fill(canvas: readonly string[]): string {
  let out = '';
  for (let i = 0; i < canvas.length; i++) out += canvas[i] ?? ' ';
  return out;
}
