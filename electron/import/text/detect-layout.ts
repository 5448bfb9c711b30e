// Which layout a text file is in: the one whose marker lines occur most often. Plain SIP (no
// markers, only start lines) is the fallback. Scanning stops early once one layout is certain.
import { isStartLine } from '../../../shared/sip/start-line';
import type { TextLayout } from './text-layout';
import { asteriskLayout } from './layout-asterisk';
import { baresipLayout } from './layout-baresip';
import { freeswitchLayout } from './layout-freeswitch';
import { plainLayout } from './layout-plain';
import { receivedPacketLayout } from './layout-received-packet';
import { sngrepLayout } from './layout-sngrep';

// In order of preference when counts tie.
const MARKED: readonly TextLayout[] = [
  asteriskLayout,
  freeswitchLayout,
  sngrepLayout,
  receivedPacketLayout,
  baresipLayout,
];
const CERTAIN = 20;

export function detectLayout(lines: readonly string[]): TextLayout | undefined {
  const counts = MARKED.map(() => 0);
  let startLines = 0;
  for (const line of lines) {
    for (let k = 0; k < MARKED.length; k++) {
      if (MARKED[k]!.marker(line) !== undefined && ++counts[k]! >= CERTAIN) return MARKED[k];
    }
    if (startLines === 0 && isStartLine(line)) startLines++;
  }
  let best = -1;
  for (let k = 0; k < MARKED.length; k++)
    if (counts[k]! > 0 && (best < 0 || counts[k]! > counts[best]!)) best = k;
  if (best >= 0) return MARKED[best];
  return startLines > 0 ? plainLayout : undefined;
}
