// sngrep's "Save as… .txt" (save.c), from memory: each message is preceded by one line of date,
// time, source and destination, and followed by a blank line; there is no transport:
//
//   2024/03/05 14:02:11.482913 198.51.100.20:5060 -> 203.0.113.10:5060
//   INVITE sip:15551230000@203.0.113.10 SIP/2.0
//   …
import type { TextLayout } from './text-layout';
import { readEndpoint } from './endpoint-text';
import { dateMicros, timeOfDay } from './log-time';

const HEADER = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? (\S+) -> (\S+)\s*$/;

export const sngrepLayout: TextLayout = {
  format: 'sngrep-txt',
  marker(line) {
    if (line.length < 30 || line.charCodeAt(4) !== 47 /* / */) return undefined;
    const m = HEADER.exec(line);
    if (m === null) return undefined;
    const t = timeOfDay(m[4]!, m[5]!, m[6]!, m[7]);
    const src = readEndpoint(m[8]!);
    const dst = readEndpoint(m[9]!);
    const portless = src.portless ?? dst.portless;
    return {
      ...(t !== undefined
        ? {
            stamp: { kind: 'full', micros: dateMicros(Number(m[1]), Number(m[2]), Number(m[3]), t) } as const,
          }
        : {}),
      ...(src.endpoint !== undefined ? { src: src.endpoint } : {}),
      ...(dst.endpoint !== undefined ? { dst: dst.endpoint } : {}),
      ...(portless !== undefined ? { portless } : {}),
    };
  },
  loose: true,
  chatty: false,
};
