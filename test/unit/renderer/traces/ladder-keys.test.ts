import { describe, expect, it } from 'vitest';
import { ladderKey, NO_CURSOR, revealRow } from '../../../../renderer/src/traces/ladder-keys';

describe('ladder keyboard', () => {
  it('Down starts at the first arrow and moves one row, stopping at the last', () => {
    let state = ladderKey(NO_CURSOR, 'ArrowDown', 3);
    expect(state).toEqual({ row: 0, rawOpen: false });
    state = ladderKey(state!, 'ArrowDown', 3);
    state = ladderKey(state!, 'ArrowDown', 3);
    state = ladderKey(state!, 'ArrowDown', 3);
    expect(state?.row).toBe(2);
  });

  it('Up starts at the last arrow and stops at the first', () => {
    expect(ladderKey(NO_CURSOR, 'ArrowUp', 5)?.row).toBe(4);
    expect(ladderKey({ row: 0, rawOpen: false }, 'ArrowUp', 5)?.row).toBe(0);
  });

  it('Enter opens the raw text, and the raw text follows Up/Down', () => {
    const open = ladderKey({ row: 1, rawOpen: false }, 'Enter', 5);
    expect(open).toEqual({ row: 1, rawOpen: true });
    expect(ladderKey(open!, 'ArrowDown', 5)).toEqual({ row: 2, rawOpen: true });
  });

  it('Esc closes the raw text first, then clears the selection, then is not ours', () => {
    const closed = ladderKey({ row: 2, rawOpen: true }, 'Escape', 5);
    expect(closed).toEqual({ row: 2, rawOpen: false });
    expect(ladderKey(closed!, 'Escape', 5)).toEqual(NO_CURSOR);
    expect(ladderKey(NO_CURSOR, 'Escape', 5)).toBeUndefined();
  });

  it('pages and jumps within the rows', () => {
    expect(ladderKey({ row: 3, rawOpen: false }, 'PageDown', 100, 20)?.row).toBe(23);
    expect(ladderKey({ row: 3, rawOpen: false }, 'PageUp', 100, 20)?.row).toBe(0);
    expect(ladderKey(NO_CURSOR, 'End', 100)?.row).toBe(99);
    expect(ladderKey({ row: 50, rawOpen: false }, 'Home', 100)?.row).toBe(0);
  });

  it('leaves other keys to the browser and does nothing on an empty ladder', () => {
    expect(ladderKey(NO_CURSOR, 'a', 5)).toBeUndefined();
    expect(ladderKey(NO_CURSOR, 'ArrowDown', 0)).toEqual(NO_CURSOR);
  });
});

describe('scrolling the selected arrow into view', () => {
  // View 400 px tall under a 60 px sticky header; rows 30 px.
  it('does not scroll when the row is already fully visible', () => {
    expect(revealRow(1000, 400, 1100, 30, 60)).toBe(1000);
  });
  it('scrolls up so the row sits just under the sticky header', () => {
    expect(revealRow(1000, 400, 1020, 30, 60)).toBe(960);
  });
  it('scrolls down so the row sits at the bottom edge', () => {
    expect(revealRow(1000, 400, 1390, 30, 60)).toBe(1020);
  });
  it('never scrolls above the top', () => {
    expect(revealRow(100, 400, 40, 30, 60)).toBe(0);
  });
});
