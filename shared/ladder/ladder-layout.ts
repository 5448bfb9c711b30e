// Geometry shared by the React drawing and the SVG string, so the screen and an export line up
// exactly. Rows have one fixed height: the row under any scroll position is arithmetic, which is
// what lets a 10,000-row ladder draw only the rows in view.
import type { LadderModel } from './ladder-model';

export const LADDER_LAYOUT: {
  readonly columnWidth: number;
  readonly rowHeight: number;
  readonly headerHeight: number;
  readonly timeGutter: number;
  readonly marginX: number;
} = Object.freeze({
  /** Distance between two life lines: room for "183 Session Progress" plus badges. */
  columnWidth: 200,
  rowHeight: 30,
  /** The column header boxes (label and address) above the first row. */
  headerHeight: 56,
  /** Left strip with each row's time ("+123.456 s") and delta. */
  timeGutter: 88,
  /** Space between the gutter and the first column box, and after the last one. */
  marginX: 16,
});

/** Blank space under the last row, so its detail text is not cut. */
const BOTTOM_PAD = 12;

/** Centre x of a column's life line (columnWidth: a screen may spread the columns wider). */
export function columnX(column: number, columnWidth: number = LADDER_LAYOUT.columnWidth): number {
  const { timeGutter, marginX } = LADDER_LAYOUT;
  return timeGutter + marginX + column * columnWidth + columnWidth / 2;
}

/** Wider than this, arrows get hard to follow from one end to the other. */
const MAX_COLUMN_WIDTH = 520;

/**
 * The distance between life lines that fills a view viewportWidth wide: labels such as "403
 * Forbidden - From host is not the trunk name" are cut only when the view really is too narrow.
 * Never below the export's width, never above MAX_COLUMN_WIDTH.
 */
export function fitColumnWidth(columns: number, viewportWidth: number): number {
  const { timeGutter, marginX, columnWidth } = LADDER_LAYOUT;
  const room = Math.floor((viewportWidth - timeGutter - 2 * marginX) / Math.max(1, columns));
  return Math.max(columnWidth, Math.min(MAX_COLUMN_WIDTH, room));
}

/** y of an arrow's line: the middle of its row band. */
export function rowY(row: number): number {
  const { headerHeight, rowHeight } = LADDER_LAYOUT;
  return headerHeight + row * rowHeight + rowHeight / 2;
}

/** Size of a drawing with these many columns and rows (at least one column wide). */
export function ladderSizeOf(
  columns: number,
  rows: number,
  columnWidth: number = LADDER_LAYOUT.columnWidth,
): { width: number; height: number } {
  const { timeGutter, marginX, headerHeight, rowHeight } = LADDER_LAYOUT;
  return {
    width: timeGutter + 2 * marginX + Math.max(1, columns) * columnWidth,
    height: headerHeight + Math.max(0, rows) * rowHeight + BOTTOM_PAD,
  };
}

export function ladderSize(
  model: LadderModel,
  columnWidth: number = LADDER_LAYOUT.columnWidth,
): { width: number; height: number } {
  return ladderSizeOf(model.columns.length, model.arrows.length, columnWidth);
}

/**
 * First and last row to draw when the drawing (header included, y=0 at its top) is scrolled to
 * scrollTop inside a viewport viewportHeight tall, with overscan extra rows either side. Clamped
 * to the rows there are; with no rows, last < first.
 */
export function rowsInView(
  scrollTop: number,
  viewportHeight: number,
  rowCount: number,
  overscan = 10,
): { first: number; last: number } {
  const { headerHeight, rowHeight } = LADDER_LAYOUT;
  const count = Number.isFinite(rowCount) ? Math.max(0, Math.floor(rowCount)) : 0;
  if (count === 0) return { first: 0, last: -1 };
  const top = Number.isFinite(scrollTop) ? Math.max(0, scrollTop) : 0;
  const height = Number.isFinite(viewportHeight) ? Math.max(0, viewportHeight) : 0;
  const extra = Number.isFinite(overscan) ? Math.max(0, Math.floor(overscan)) : 0;
  const firstVisible = Math.floor((top - headerHeight) / rowHeight);
  const lastVisible = Math.ceil((top + height - headerHeight) / rowHeight) - 1;
  const clamp = (row: number): number => Math.min(count - 1, Math.max(0, row));
  const first = clamp(firstVisible - extra);
  return { first, last: Math.max(first, clamp(lastVisible + extra)) };
}
