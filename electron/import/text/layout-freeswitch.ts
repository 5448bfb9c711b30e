// FreeSWITCH `sofia global siptrace on` (sofia-sip's tport_log_msg), from memory of its source:
//
//   recv 1010 bytes from udp/[198.51.100.20]:5060 at 14:02:11.482913:
//      ------------------------------------------------------------------------
//      INVITE sip:15551230000@203.0.113.10 SIP/2.0
//      …
//      ------------------------------------------------------------------------
//   send 410 bytes to udp/[198.51.100.20]:5060 at 14:02:11.483402:
//
// Message lines are indented by three spaces, and the stamp has a time of day only: the date
// comes from the surrounding dated log lines ("2024-03-05 14:02:11.481276 [DEBUG] sofia.c:…").
import type { TextLayout } from './text-layout';
import { readEndpoint, transportOf } from './endpoint-text';
import { dateMicros, timeOfDay, type Stamp } from './log-time';

const MARKER =
  /(?:^|\s)(recv|send) \d+ bytes (from|to) ([A-Za-z]+)\/(\[[^\]]*\]:\d+|\S+?)(?: \S+)* at (\d\d):(\d\d):(\d\d)\.(\d{1,6}):\s*$/;
const DATED = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? /;
const RULE = /^-{10,}\s*$/;

function freeswitchStamp(line: string): Stamp | undefined {
  const d = DATED.exec(line);
  if (d === null) return undefined;
  const t = timeOfDay(d[4]!, d[5]!, d[6]!, d[7]);
  if (t === undefined) return undefined;
  return { kind: 'full', micros: dateMicros(Number(d[1]), Number(d[2]), Number(d[3]), t) };
}

export const freeswitchLayout: TextLayout = {
  format: 'freeswitch-siptrace',
  marker(line) {
    // Cheap test first: this runs on every line of a log.
    if (line.length > 400 || !line.includes(' bytes ')) return undefined;
    const m = MARKER.exec(line);
    if (m === null) return undefined;
    const t = timeOfDay(m[5]!, m[6]!, m[7]!, m[8]);
    const ep = readEndpoint(m[4]!);
    const side = m[2] === 'from' ? 'src' : 'dst';
    return {
      transport: transportOf(m[3]),
      way: m[1] === 'recv' ? 'in' : 'out',
      ...(ep.endpoint !== undefined ? { [side]: ep.endpoint } : {}),
      ...(ep.portless !== undefined ? { portless: ep.portless } : {}),
      ...(t !== undefined ? { stamp: { kind: 'time-only', timeMicros: t } as const } : {}),
      closedBy: (l: string) => RULE.test(l),
      expectsClose: true,
    };
  },
  stampOf: freeswitchStamp,
  unindent: (line) => (line.startsWith('   ') ? line.slice(3) : line.trimStart() === '' ? '' : line),
  loose: false,
  chatty: true,
  writtenByPbx: true,
};
