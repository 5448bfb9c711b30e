// baresip's SIP trace (`baresip -s`, libre's sip trace handler), as the console prints it: a "#"
// line in colour, one line of transport, sender and receiver, the message, and a colour reset:
//
//   ESC[36;1m#
//   UDP 127.0.0.1:56335 -> 127.0.0.1:43407
//   REGISTER sip:127.0.0.1:43407 SIP/2.0
//   …
//   ESC[;m
//
// Both sides are named and no time is printed (baresip 1.0). The UA that wrote it is the
// customer's side: the address found in every message is its own (text-trace.ts).
import type { TextLayout } from './text-layout';
import { readEndpoint, transportOf } from './endpoint-text';

const MARKER = /^(UDP|TCP|TLS|WSS?) (\S+) -> (\S+)\s*$/;

export const baresipLayout: TextLayout = {
  format: 'baresip-sip-trace',
  marker(line) {
    // Cheap test first: this runs on every line of a log.
    if (line.length > 120 || line.charCodeAt(1) < 65 || !line.includes(' -> ')) return undefined;
    const m = MARKER.exec(line);
    if (m === null) return undefined;
    const src = readEndpoint(m[2]!);
    const dst = readEndpoint(m[3]!);
    const portless = src.portless ?? dst.portless;
    return {
      transport: transportOf(m[1]),
      ...(src.endpoint !== undefined ? { src: src.endpoint } : {}),
      ...(dst.endpoint !== undefined ? { dst: dst.endpoint } : {}),
      ...(portless !== undefined ? { portless } : {}),
    };
  },
  // The "#" that opens the next entry ends a message without Content-Length.
  endsMessage: (line) => line === '#',
  loose: false,
  // The console prints its own lines between the entries.
  chatty: true,
  writtenByPbx: true,
};
