// The ladder of the selected calls, virtualised: the scroll container is the full height of the
// drawing, but only the rows in view (plus a few either side) are in the DOM, so a 10,000-message
// load-test call scrolls as smoothly as a three-message OPTIONS ping. The column headers stay at the
// top (sticky); the life lines run the full height.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { LadderArrow, LadderModel } from '../../../shared/ladder/ladder-model';
import {
  columnX,
  fitColumnWidth,
  LADDER_LAYOUT,
  ladderSize,
  rowsInView,
} from '../../../shared/ladder/ladder-layout';
import { LadderColumns } from './ladder-columns';
import { revealRow } from './ladder-keys';
import { LadderRow, rowBand } from './ladder-row';

/** Rows drawn beyond each edge of the view, so a fast wheel never shows a blank band. */
export const LADDER_OVERSCAN = 8;

export interface LadderViewProps {
  readonly model: LadderModel;
  readonly selectedRow: number | undefined;
  /** A click on an arrow. */
  readonly onSelectRow: (row: number) => void;
  /** A key pressed on the ladder; true when it was handled (the browser then does nothing). */
  readonly onKey: (key: string, pageRows: number) => boolean;
  /** Local sockets are this app's own (false for an imported capture). */
  readonly ownSockets?: boolean;
  /** Before the first measurement (and in a static render): the height assumed for the view. */
  readonly initialViewportHeight?: number;
}

/** Arrows indexed by row: the model lists them in row order, but nothing here relies on that. */
function byRow(arrows: readonly LadderArrow[]): readonly (LadderArrow | undefined)[] {
  const rows: (LadderArrow | undefined)[] = [];
  for (const arrow of arrows) rows[arrow.row] = arrow;
  return rows;
}

export function LadderView({
  model,
  selectedRow,
  onSelectRow,
  onKey,
  ownSockets = true,
  initialViewportHeight = 600,
}: LadderViewProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(initialViewportHeight);
  const [viewportWidth, setViewportWidth] = useState(0);
  const rows = useMemo(() => byRow(model.arrows), [model]);
  // The life lines spread over the pane's width, so labels have the room the pane has.
  const columnWidth = fitColumnWidth(model.columns.length, viewportWidth);
  const size = ladderSize(model, columnWidth);
  // Rows stretch across a wide pane, so the hover and selection bands read as table rows.
  const width = Math.max(size.width, viewportWidth);
  const height = size.height;
  const { headerHeight, rowHeight } = LADDER_LAYOUT;
  const { first, last } = rowsInView(scrollTop, viewportHeight, rows.length, LADDER_OVERSCAN);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => {
      setViewportHeight(el.clientHeight);
      setViewportWidth(el.clientWidth);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // One state update per frame however fast the wheel spins.
  const frame = useRef(0);
  const onScroll = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // The selected arrow is scrolled into view when it changes (keys, a finding's jump).
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedRow === undefined) return;
    const band = rowBand(selectedRow);
    const top = revealRow(el.scrollTop, el.clientHeight, band.top, band.height, headerHeight);
    if (top !== el.scrollTop) {
      el.scrollTop = top;
      setScrollTop(top);
    }
  }, [selectedRow, model, headerHeight]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const pageRows = Math.max(1, Math.floor((viewportHeight - headerHeight) / rowHeight) - 1);
    if (onKey(event.key, pageRows)) event.preventDefault();
  };

  const drawn: LadderArrow[] = [];
  for (let row = Math.max(0, first); row <= Math.min(last, rows.length - 1); row++) {
    const arrow = rows[row];
    if (arrow) drawn.push(arrow);
  }

  return (
    <div
      ref={scroller}
      className="ladder-scroll"
      tabIndex={0}
      role="region"
      aria-label="Call flow: Up and Down select a message, Enter shows its text, Esc closes it"
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div className="ladder-head" style={{ width, height: headerHeight }}>
        <LadderColumns model={model} width={width} columnWidth={columnWidth} ownSockets={ownSockets} />
      </div>
      <svg
        className="ladder"
        data-testid="ladder"
        data-rows={rows.length}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        style={{ marginTop: -headerHeight }}
      >
        {model.columns.map((column) => (
          <line
            key={column.key}
            className={ownSockets && column.local ? 'ladder-lifeline local' : 'ladder-lifeline'}
            x1={columnX(column.index, columnWidth)}
            x2={columnX(column.index, columnWidth)}
            y1={headerHeight}
            y2={height}
          />
        ))}
        {drawn.map((arrow) => (
          <LadderRow
            key={arrow.messageId}
            arrow={arrow}
            width={width}
            columnWidth={columnWidth}
            selected={arrow.row === selectedRow}
            onSelect={onSelectRow}
          />
        ))}
      </svg>
    </div>
  );
}
