// Text measurement for the ladder without a DOM: labels are drawn in the monospace font, whose
// advance is 0.6 em in every common monospace face, so a label's width is its length times that.
// Pure, so the layout is the same in a static render (tests, exports) as on screen.

export const LABEL_FONT_PX = 12;
export const DETAIL_FONT_PX = 11;
const ADVANCE_EM = 0.6;

export function textWidth(text: string, fontPx: number): number {
  return text.length * fontPx * ADVANCE_EM;
}

/** Cuts text to fit maxPx, ending in "…", so a long label never runs over the next column. */
export function fitText(text: string, fontPx: number, maxPx: number): string {
  const max = Math.floor(maxPx / (fontPx * ADVANCE_EM));
  if (text.length <= max) return text;
  return max <= 1 ? '…' : `${text.slice(0, max - 1)}…`;
}

/** Gap between the label and its detail on one line. */
const DETAIL_GAP_PX = 6;

export interface RowText {
  readonly label: string;
  /** " retr." for a retransmission, else "". */
  readonly retr: string;
  /** "CSeq 1 INVITE · SDP", shortened to "SDP" or dropped when the arrow is too short. */
  readonly detail: string;
  /** Width of the whole line, for centring and for placing the badges after it. */
  readonly width: number;
}

/**
 * The one line of text above an arrow: the label always (cut with "…" if it must be), then what of
 * the detail fits in the arrow's span. One line keeps rows 30 px tall and readable.
 */
export function rowText(
  label: string,
  detail: string,
  retransmission: boolean,
  sdp: boolean,
  maxPx: number,
): RowText {
  const retr = retransmission ? ' retr.' : '';
  const retrW = textWidth(retr, LABEL_FONT_PX);
  const fitted = fitText(label, LABEL_FONT_PX, Math.max(0, maxPx - retrW));
  const base = textWidth(fitted, LABEL_FONT_PX) + retrW;
  for (const candidate of [detail, sdp ? 'SDP' : '']) {
    if (candidate === '') continue;
    const w = DETAIL_GAP_PX + textWidth(candidate, DETAIL_FONT_PX);
    if (base + w <= maxPx) return { label: fitted, retr, detail: candidate, width: base + w };
  }
  return { label: fitted, retr, detail: '', width: base };
}

export const DETAIL_GAP = DETAIL_GAP_PX;
