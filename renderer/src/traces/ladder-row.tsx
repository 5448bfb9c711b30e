// One message of the ladder: its time in the gutter, the arrow between two life lines, the label
// above it and the detail below, "retr." and a dashed line for a retransmission, and the findings
// that point at it as coloured badges (the rule's title in the tooltip).
import { memo } from 'react';
import type { LadderArrow } from '../../../shared/ladder/ladder-model';
import { columnX, LADDER_LAYOUT, rowY } from '../../../shared/ladder/ladder-layout';
import { DETAIL_FONT_PX, DETAIL_GAP, LABEL_FONT_PX, rowText } from './ladder-text';

/** Distinct colours for up to this many calls in one ladder; then they repeat. */
export const CALL_COLOURS = 6;
const HEAD = 8;
const BADGE_R = 6.5;
const SELF_LOOP = 34;

export interface LadderRowProps {
  readonly arrow: LadderArrow;
  readonly width: number;
  /** Distance between life lines (the view spreads them over its width). */
  readonly columnWidth?: number;
  readonly selected: boolean;
  readonly onSelect: (row: number) => void;
}

/** The band a row occupies, for its hover/selection background and for scrolling it into view. */
export function rowBand(row: number): { readonly top: number; readonly height: number } {
  const { rowHeight } = LADDER_LAYOUT;
  return { top: rowY(row) - rowHeight / 2, height: rowHeight };
}

function statusClass(arrow: LadderArrow): string {
  if (arrow.kind === 'invalid') return 'invalid';
  if (arrow.kind === 'keep-alive') return 'keep-alive';
  if (arrow.kind === 'request') return 'request';
  const status = arrow.status ?? 0;
  if (status >= 300) return 'failure';
  if (status >= 200) return 'success';
  return 'provisional';
}

function severityGlyph(severity: string): string {
  return severity === 'info' ? 'i' : '!';
}

function LadderRowView({
  arrow,
  width,
  columnWidth = LADDER_LAYOUT.columnWidth,
  selected,
  onSelect,
}: LadderRowProps) {
  const { timeGutter } = LADDER_LAYOUT;
  const y = rowY(arrow.row);
  const band = rowBand(arrow.row);
  const x1 = columnX(arrow.from, columnWidth);
  const x2 = columnX(arrow.to, columnWidth);
  const self = arrow.from === arrow.to;
  const dir = x2 >= x1 ? 1 : -1;
  // A self-message's text has the room up to the next life line.
  const span = self ? columnWidth - SELF_LOOP : Math.max(Math.abs(x2 - x1), columnWidth * 0.6);
  const labelX = self ? x1 + SELF_LOOP + 6 : (x1 + x2) / 2;
  const anchor = self ? 'start' : 'middle';
  const badgeSpace = arrow.badges.length * (BADGE_R * 2 + 3);
  const text = rowText(arrow.label, arrow.detail, arrow.retransmission, arrow.sdp, span - 16 - badgeSpace);
  const textEnd = self ? labelX + text.width : labelX + text.width / 2;
  const textY = self ? y - 2 : y - 5;
  const colour = `call-c${arrow.callIndex % CALL_COLOURS}`;
  const dash = arrow.retransmission ? '5 4' : undefined;
  const relayed = arrow.relayOf !== undefined ? 'relayed' : '';
  const className = ['ladder-row', colour, statusClass(arrow), relayed, selected ? 'selected' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <g
      className={className}
      data-testid="ladder-arrow"
      data-message-id={arrow.messageId}
      data-label={arrow.label}
      data-retransmission={arrow.retransmission ? 'true' : 'false'}
      data-relay-row={arrow.relayOf}
      aria-selected={selected}
      onClick={() => onSelect(arrow.row)}
    >
      <rect className="ladder-band" x={0} y={band.top} width={width} height={band.height} />
      <text className="ladder-time" x={8} y={y - 3} fontSize={DETAIL_FONT_PX}>
        {arrow.timeLabel}
      </text>
      <text className="ladder-delta" x={8} y={y + 11} fontSize={DETAIL_FONT_PX - 1}>
        {arrow.deltaLabel}
      </text>
      <line
        className="ladder-gutter-rule"
        x1={timeGutter - 6}
        x2={timeGutter - 6}
        y1={band.top}
        y2={band.top + band.height}
      />
      {self ? (
        <>
          <path
            className="ladder-line"
            d={`M${x1} ${y - 6} h${SELF_LOOP} v12 h${-SELF_LOOP + HEAD}`}
            fill="none"
            strokeDasharray={dash}
          />
          <polygon
            className="ladder-arrowhead"
            points={`${x1},${y + 6} ${x1 + HEAD},${y + 2} ${x1 + HEAD},${y + 10}`}
          />
        </>
      ) : (
        <>
          <line className="ladder-line" x1={x1} x2={x2 - dir * HEAD} y1={y} y2={y} strokeDasharray={dash} />
          <polygon
            className="ladder-arrowhead"
            points={`${x2},${y} ${x2 - dir * HEAD},${y - 4.5} ${x2 - dir * HEAD},${y + 4.5}`}
          />
        </>
      )}
      <text className="ladder-text" x={labelX} y={textY} textAnchor={anchor}>
        <tspan className="ladder-label" fontSize={LABEL_FONT_PX}>
          {text.label}
        </tspan>
        {text.retr && (
          <tspan className="ladder-retr" fontSize={LABEL_FONT_PX}>
            {text.retr}
          </tspan>
        )}
        {text.detail && (
          <tspan className="ladder-detail" fontSize={DETAIL_FONT_PX} dx={DETAIL_GAP}>
            {text.detail}
          </tspan>
        )}
      </text>
      {arrow.badges.map((badge, i) => {
        const cx = textEnd + 5 + BADGE_R + i * (BADGE_R * 2 + 3);
        const cy = textY - 4;
        return (
          <g
            key={`${badge.rule}-${badge.findingIndex}`}
            className={`ladder-badge ${badge.severity}`}
            data-testid="ladder-badge"
            data-rule={badge.rule}
            data-severity={badge.severity}
          >
            <title>{`${badge.severity === 'error' ? 'Error' : badge.severity === 'warning' ? 'Warning' : 'Info'}: ${badge.title} (${badge.rule})`}</title>
            <circle cx={cx} cy={cy} r={BADGE_R} />
            <text x={cx} y={cy + 3.5} textAnchor="middle" fontSize={10}>
              {severityGlyph(badge.severity)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Rows re-render only when their arrow or selection changes, not on every scroll frame. */
export const LadderRow = memo(LadderRowView);
