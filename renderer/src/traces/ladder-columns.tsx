// The ladder's column headers: one box per host (or alias), its addresses below, our own sockets
// marked. Drawn in a sticky strip above the scrolling rows so the hosts stay readable at row 9,000.
import type { LadderModel } from '../../../shared/ladder/ladder-model';
import { columnX, LADDER_LAYOUT } from '../../../shared/ladder/ladder-layout';
import { DETAIL_FONT_PX, fitText, LABEL_FONT_PX } from './ladder-text';

export interface LadderColumnsProps {
  readonly model: LadderModel;
  readonly width: number;
  /** Distance between life lines (the view spreads them over its width). */
  readonly columnWidth?: number;
  /** Local sockets are this app's own (a live run), not one side of an imported capture. */
  readonly ownSockets: boolean;
}

export function LadderColumns({
  model,
  width,
  columnWidth = LADDER_LAYOUT.columnWidth,
  ownSockets,
}: LadderColumnsProps) {
  const { headerHeight } = LADDER_LAYOUT;
  // A wide column keeps a compact box: the extra room is for the arrows' labels.
  const boxWidth = Math.min(columnWidth - 16, 300);
  const boxHeight = Math.min(44, headerHeight - 12);
  const boxTop = (headerHeight - boxHeight) / 2;
  return (
    <svg
      className="ladder-columns"
      width={width}
      height={headerHeight}
      viewBox={`0 0 ${width} ${headerHeight}`}
      data-testid="ladder-columns"
      aria-hidden="true"
    >
      {model.columns.map((column) => {
        const x = columnX(column.index, columnWidth);
        const more = column.addresses.length > 1 ? ` +${column.addresses.length - 1}` : '';
        const first = column.addresses[0] ?? '';
        const showAddress = first !== '' && first !== column.label;
        const ours = ownSockets && column.local;
        return (
          <g key={column.key} className={ours ? 'ladder-column local' : 'ladder-column'}>
            <title>{[column.label, ...column.addresses].join('\n')}</title>
            <rect x={x - boxWidth / 2} y={boxTop} width={boxWidth} height={boxHeight} rx={5} />
            <text
              className="ladder-column-label"
              x={x}
              y={boxTop + (showAddress || ours ? 18 : boxHeight / 2 + 4)}
              textAnchor="middle"
              fontSize={LABEL_FONT_PX}
            >
              {fitText(column.label, LABEL_FONT_PX, boxWidth - 12)}
            </text>
            {(showAddress || ours) && (
              <text
                className="ladder-column-sub"
                x={x}
                y={boxTop + 34}
                textAnchor="middle"
                fontSize={DETAIL_FONT_PX}
              >
                {fitText(
                  ours ? `SIP Field Kit${showAddress ? ` · ${first}` : ''}` : `${first}${more}`,
                  DETAIL_FONT_PX,
                  boxWidth - 12,
                )}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
