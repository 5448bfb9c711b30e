// Asterisk SIP debug output, both stacks, in the console or the `full` log. From memory of the
// Asterisk sources (res_pjsip_logger.c, chan_sip.c); byte counts and arrows as they print them:
//
//   [Jan 12 10:15:01] VERBOSE[2345] res_pjsip_logger.c: <--- Received SIP request (540 bytes) from UDP:203.0.113.7:5060 --->
//   REGISTER sip:pbx.example.com SIP/2.0
//   …
//   <--- Transmitting SIP response (480 bytes) to UDP:203.0.113.7:5060 --->
//
// chan_sip starts its text with a newline, so in a log the "[date] VERBOSE… chan_sip.c:" prefix
// sits alone on the line before the marker, and it closes the block with a line of dashes:
//
//   <--- SIP read from UDP:203.0.113.7:5060 --->            … <------------->
//   <--- Reliably Transmitting (NAT) to 203.0.113.7:5060 ---> … <------------>
//   Reliably Transmitting (no NAT) to 203.0.113.7:5060:     … ---     (Asterisk 1.4–1.6)
//
// The log timestamp is "[Mon DD HH:MM:SS]" by default, or ISO with dateformat=%F %T.%3q.
import type { Marker, TextLayout } from './text-layout';
import { readEndpoint, transportOf } from './endpoint-text';
import { dateMicros, monthNumber, offsetMinutes, timeOfDay, type Stamp } from './log-time';

const PJSIP =
  /^<--- (Received|Transmitting) SIP (?:request|response) \(\d+ bytes\) (from|to) ([A-Za-z]+):(\S+) --->\s*$/;
const CHAN_SIP_READ = /^<--- SIP read from (?:([A-Za-z]+):)?(\S+?) --->\s*$/;
const CHAN_SIP_SEND = /^<--- (?:Reliably )?Transmitting \([^)]*\) to (?:([A-Za-z]+):)?(\S+?) --->\s*$/;
const CHAN_SIP_SEND_OLD = /^(?:Reliably )?Transmitting \([^)]*\) to (\S+):\s*$/;

const ARROW_CLOSE = (line: string): boolean => /^<-+>\s*$/.test(line);
const DASH_CLOSE = (line: string): boolean => line.trim() === '---';

// "[Jan 12 10:15:01]", "[Jan  2 10:15:01.123]", "[2024-01-12 10:15:01.123]", "[2024-01-12T10:15:01+0100]"
const CLASSIC = /^\[([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?\]/;
const ISO = /^\[(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,6}))?(Z|[+-]\d\d:?\d\d)?\]/;

export function asteriskStamp(line: string): Stamp | undefined {
  if (line.charCodeAt(0) !== 91 /* [ */) return undefined;
  const iso = ISO.exec(line);
  if (iso !== null) {
    const t = timeOfDay(iso[4]!, iso[5]!, iso[6]!, iso[7]);
    if (t === undefined) return undefined;
    return {
      kind: 'full',
      micros: dateMicros(Number(iso[1]), Number(iso[2]), Number(iso[3]), t, offsetMinutes(iso[8])),
    };
  }
  const c = CLASSIC.exec(line);
  if (c === null) return undefined;
  const month = monthNumber(c[1]!);
  const t = timeOfDay(c[3]!, c[4]!, c[5]!, c[6]);
  if (month === undefined || t === undefined) return undefined;
  return { kind: 'no-year', month, day: Number(c[2]), timeMicros: t };
}

function markerOf(line: string): Marker | undefined {
  const arrow = line.indexOf('<--- ');
  if (arrow >= 0) {
    const rest = line.slice(arrow);
    const p = PJSIP.exec(rest);
    if (p !== null) {
      const ep = readEndpoint(p[4]!);
      const side = p[2] === 'from' ? 'src' : 'dst';
      return {
        transport: transportOf(p[3]),
        way: p[1] === 'Received' ? 'in' : 'out',
        ...(ep.endpoint !== undefined ? { [side]: ep.endpoint } : {}),
        ...(ep.portless !== undefined ? { portless: ep.portless } : {}),
        closedBy: ARROW_CLOSE,
        expectsClose: false,
      };
    }
    const r = CHAN_SIP_READ.exec(rest) ?? CHAN_SIP_SEND.exec(rest);
    if (r !== null) {
      const ep = readEndpoint(r[2]!);
      const side = rest.startsWith('<--- SIP read') ? 'src' : 'dst';
      return {
        ...(r[1] !== undefined ? { transport: transportOf(r[1]) } : {}),
        way: side === 'src' ? 'in' : 'out',
        ...(ep.endpoint !== undefined ? { [side]: ep.endpoint } : {}),
        ...(ep.portless !== undefined ? { portless: ep.portless } : {}),
        closedBy: ARROW_CLOSE,
        expectsClose: true,
      };
    }
    return undefined;
  }
  const reliably = line.indexOf('Reliably Transmitting (');
  const t = reliably >= 0 ? reliably : line.indexOf('Transmitting (');
  if (t < 0) return undefined;
  const old = CHAN_SIP_SEND_OLD.exec(line.slice(t));
  if (old === null) return undefined;
  const ep = readEndpoint(old[1]!);
  return {
    way: 'out',
    ...(ep.endpoint !== undefined ? { dst: ep.endpoint } : {}),
    ...(ep.portless !== undefined ? { portless: ep.portless } : {}),
    closedBy: DASH_CLOSE,
    expectsClose: true,
  };
}

export const asteriskLayout: TextLayout = {
  format: 'asterisk-sip-debug',
  marker(line) {
    const m = markerOf(line);
    if (m === undefined) return undefined;
    const stamp = asteriskStamp(line);
    return stamp !== undefined ? { ...m, stamp } : m;
  },
  // The next "[date] LEVEL[pid] file.c: …" entry of the log ends a message.
  endsMessage: (line) => asteriskStamp(line) !== undefined,
  stampOf: asteriskStamp,
  loose: false,
  chatty: true,
  writtenByPbx: true,
};
