// Colours and text sizes of the exported ladder: a light theme that prints well and survives a
// PNG conversion, with the same meaning as on screen (green 2xx, red failures, amber warnings).
import type { LadderArrow, LadderBadge } from './ladder-model';

export const SVG_FONT = 'Helvetica, Arial, sans-serif';
export const LABEL_PX = 12;
export const DETAIL_PX = 10;
export const TIME_PX = 11;

export type ArrowClass =
  'request' | 'provisional' | 'success' | 'redirect' | 'failure' | 'invalid' | 'keep-alive';

export const ARROW_COLOURS: Readonly<Record<ArrowClass, string>> = {
  request: '#1f2937',
  provisional: '#6b7280',
  success: '#15803d',
  redirect: '#7c3aed',
  failure: '#b91c1c',
  invalid: '#c2410c',
  'keep-alive': '#9ca3af',
};

export const BADGE_COLOURS: Readonly<Record<LadderBadge['severity'], string>> = {
  error: '#dc2626',
  warning: '#d97706',
  info: '#2563eb',
};

export function arrowClass(arrow: LadderArrow): ArrowClass {
  if (arrow.kind !== 'response') return arrow.kind;
  const status = arrow.status ?? 0;
  if (status < 200) return 'provisional';
  if (status < 300) return 'success';
  if (status < 400) return 'redirect';
  return 'failure';
}

/** Rough width of sans-serif text; errs wide so a fitted label never runs into the next column. */
export function textWidth(text: string, px: number): number {
  return text.length * px * 0.6;
}

/** The text cut with "…" to fit maxPx. */
export function fitText(text: string, px: number, maxPx: number): string {
  if (textWidth(text, px) <= maxPx) return text;
  const chars = Math.max(0, Math.floor(maxPx / (px * 0.6)) - 1);
  return chars === 0 ? '' : `${text.slice(0, chars)}…`;
}
