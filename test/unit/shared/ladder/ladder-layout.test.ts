import { describe, expect, it } from 'vitest';
import {
  columnX,
  fitColumnWidth,
  LADDER_LAYOUT,
  ladderSize,
  rowsInView,
  rowY,
} from '../../../../shared/ladder/ladder-layout';
import { buildLadder } from '../../../../shared/ladder/ladder-model';
import { callFlow } from './ladder-fixtures';

const { columnWidth, rowHeight, headerHeight, timeGutter } = LADDER_LAYOUT;

describe('ladder geometry', () => {
  it('keeps sizes that fit a label and a time and allow fixed-height virtual rows', () => {
    expect(rowHeight).toBeGreaterThanOrEqual(28);
    expect(rowHeight).toBeLessThanOrEqual(32);
    expect(columnWidth).toBeGreaterThanOrEqual(180);
    expect(columnWidth).toBeLessThanOrEqual(220);
    expect(Object.isFrozen(LADDER_LAYOUT)).toBe(true);
  });

  it('spaces life lines one column width apart, right of the time gutter', () => {
    expect(columnX(0)).toBeGreaterThan(timeGutter + columnWidth / 2 - 1);
    expect(columnX(1) - columnX(0)).toBe(columnWidth);
    expect(columnX(4) - columnX(3)).toBe(columnWidth);
  });

  it('puts every row one row height below the last, the first under the header', () => {
    expect(rowY(0) - rowHeight / 2).toBe(headerHeight);
    expect(rowY(1) - rowY(0)).toBe(rowHeight);
    expect(rowY(9_999)).toBe(rowY(0) + 9_999 * rowHeight);
  });

  it('sizes the drawing to hold every column and row', () => {
    const model = buildLadder(callFlow(), []);
    const { width, height } = ladderSize(model);
    expect(width).toBeGreaterThanOrEqual(columnX(model.columns.length - 1) + columnWidth / 2);
    expect(height).toBeGreaterThanOrEqual(rowY(model.arrows.length - 1) + rowHeight / 2);
    expect(height).toBeLessThan(rowY(model.arrows.length) + rowHeight);
    expect(ladderSize(buildLadder([], [])).width).toBeGreaterThan(0);
  });
});

describe('rowsInView for a 10,000-row ladder', () => {
  const rows = 10_000;
  /** Rows whose band overlaps the viewport. */
  function visible(scrollTop: number, viewport: number): number[] {
    const out: number[] = [];
    for (let r = 0; r < rows; r++) {
      const top = rowY(r) - rowHeight / 2;
      if (top < scrollTop + viewport && top + rowHeight > scrollTop) out.push(r);
    }
    return out;
  }

  it.each([0, 1, 29, 56, 57, 12_345.5, 150_000, rows * rowHeight - 600])(
    'covers every row in view at scrollTop %d with the overscan and no more',
    (scrollTop) => {
      const viewport = 600;
      const { first, last } = rowsInView(scrollTop, viewport, rows);
      const seen = visible(scrollTop, viewport);
      expect(seen.length).toBeGreaterThan(0);
      expect(first).toBeLessThanOrEqual(seen[0]!);
      expect(last).toBeGreaterThanOrEqual(seen.at(-1)!);
      // The default overscan is 10 rows each side (fewer at the ends).
      expect(first).toBe(Math.max(0, seen[0]! - 10));
      expect(last).toBe(Math.min(rows - 1, seen.at(-1)! + 10));
    },
  );

  it('clamps to the rows there are at both ends and beyond them', () => {
    expect(rowsInView(-500, 600, rows)).toMatchObject({ first: 0 });
    expect(rowsInView(10_000_000, 600, rows)).toEqual({ first: rows - 1, last: rows - 1 });
    expect(rowsInView(0, 100_000_000, rows)).toEqual({ first: 0, last: rows - 1 });
    expect(rowsInView(0, 600, 3)).toEqual({ first: 0, last: 2 });
  });

  it('honours the overscan given, and draws nothing for no rows or nonsense input', () => {
    const scrollTop = 300 * rowHeight + headerHeight;
    expect(rowsInView(scrollTop, rowHeight * 10, rows, 0)).toEqual({ first: 300, last: 309 });
    expect(rowsInView(scrollTop, rowHeight * 10, rows, 3)).toEqual({ first: 297, last: 312 });
    const none = rowsInView(0, 600, 0);
    expect(none.last).toBeLessThan(none.first);
    const nan = rowsInView(Number.NaN, Number.NaN, rows, Number.NaN);
    expect(nan.first).toBe(0);
    expect(nan.last).toBeGreaterThanOrEqual(0);
    expect(nan.last).toBeLessThan(rows);
  });
});

describe('fitColumnWidth', () => {
  it('spreads two life lines over a wide pane, so long labels are not cut while it is empty', () => {
    const wide = fitColumnWidth(2, 1100);
    expect(wide).toBeGreaterThan(columnWidth * 2);
    // The drawing then fills the pane, no wider.
    expect(columnX(1, wide) + wide / 2).toBeLessThanOrEqual(1100);
  });

  it('never goes below the export’s width, nor so wide that an arrow is hard to follow', () => {
    expect(fitColumnWidth(8, 1100)).toBe(columnWidth);
    expect(fitColumnWidth(3, 0)).toBe(columnWidth);
    expect(fitColumnWidth(1, 5000)).toBeLessThanOrEqual(520);
  });
});
