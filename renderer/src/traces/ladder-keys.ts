// Keyboard on the ladder, as a pure reducer: Up/Down move the selected arrow, Home/End and
// PageUp/PageDown jump, Enter opens the raw text, Esc closes the raw text first and clears the
// selection second. While the raw text is open it follows the selection, as in sngrep.

export interface LadderCursor {
  /** Selected row; undefined = none. */
  readonly row?: number;
  /** The raw-text panel is open for the selected row. */
  readonly rawOpen: boolean;
}

export const NO_CURSOR: LadderCursor = { rawOpen: false };

/** The next state, or undefined when the key is not the ladder's (the browser keeps it). */
export function ladderKey(
  state: LadderCursor,
  key: string,
  rowCount: number,
  pageRows = 10,
): LadderCursor | undefined {
  const last = rowCount - 1;
  const move = (row: number): LadderCursor =>
    rowCount === 0 ? state : { ...state, row: Math.min(last, Math.max(0, row)) };
  switch (key) {
    case 'ArrowDown':
      return move(state.row === undefined ? 0 : state.row + 1);
    case 'ArrowUp':
      return move(state.row === undefined ? last : state.row - 1);
    case 'PageDown':
      return move((state.row ?? -1) + pageRows);
    case 'PageUp':
      return move((state.row ?? rowCount) - pageRows);
    case 'Home':
      return move(0);
    case 'End':
      return move(last);
    case 'Enter':
      return state.row === undefined ? move(0) : { ...state, rawOpen: true };
    case 'Escape':
      if (state.rawOpen) return { ...state, rawOpen: false };
      return state.row === undefined ? undefined : NO_CURSOR;
    default:
      return undefined;
  }
}

/**
 * The scrollTop that brings a row fully into view under the sticky column headers, or the same
 * scrollTop when it already is: moving inside the view never scrolls.
 */
export function revealRow(
  scrollTop: number,
  viewportHeight: number,
  rowTop: number,
  rowHeight: number,
  headerHeight: number,
): number {
  const visibleTop = scrollTop + headerHeight;
  const visibleBottom = scrollTop + viewportHeight;
  if (rowTop < visibleTop) return Math.max(0, rowTop - headerHeight);
  if (rowTop + rowHeight > visibleBottom) return rowTop + rowHeight - viewportHeight;
  return scrollTop;
}
