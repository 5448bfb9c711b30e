// A tolerant SDP reader (RFC 8866 §5, §9 grammar). Real PBXs send LF-only line ends, stray
// spaces and vendor lines; a test tool must still read what it can and say what it could not.
// Lines that do not parse are reported in `problems`, never thrown.
import type {
  AddressFamily,
  MediaDirection,
  ParsedSdp,
  RtpMapEntry,
  SdpAttribute,
  SdpConnection,
  SdpMedia,
  SdpOrigin,
} from './sdp-types';

const DIRECTIONS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

// RFC 8866 §5 lists these types; we do not use them, but they are not problems either.
const KNOWN_UNUSED_TYPES: ReadonlySet<string> = new Set(['i', 'u', 'e', 'p', 'b', 'r', 'z', 'k']);

interface MediaBuilder {
  type: string;
  port: number;
  portCount?: number;
  proto: string;
  formats: string[];
  payloads: number[];
  rtpmap: Map<number, RtpMapEntry>;
  fmtp: Map<number, string>;
  direction?: MediaDirection;
  connection?: SdpConnection;
  ptime?: number;
  rtcpPort?: number;
  attributes: SdpAttribute[];
}

type Section = { kind: 'session' } | { kind: 'media'; media: MediaBuilder } | { kind: 'ignored' };

export function parseSdp(text: string): ParsedSdp {
  const problems: string[] = [];
  const media: MediaBuilder[] = [];
  let version: number | undefined;
  let origin: SdpOrigin | undefined;
  let sessionName: string | undefined;
  let connection: SdpConnection | undefined;
  let sessionDirection: MediaDirection | undefined;
  let section: Section = { kind: 'session' };

  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const problem = (why: string): void => {
      problems.push(`line ${index + 1}: "${line}": ${why}`);
    };
    // RFC 8866 §5: <type>=<value>, type a single letter. Be lenient about spaces around "=".
    const match = /^([A-Za-z])\s*=\s*(.*)$/.exec(line);
    if (!match) return problem('not a <type>=<value> line');
    const type = (match[1] ?? '').toLowerCase();
    const value = match[2] ?? '';

    switch (type) {
      case 'v': {
        const v = Number(value);
        if (!Number.isInteger(v)) return problem('bad version');
        version = v;
        return;
      }
      case 'o': {
        const parts = value.split(/\s+/);
        if (parts.length !== 6) return problem('o= needs 6 fields');
        const [username, sessionId, sessionVersion, netType, addrType, address] = parts as [
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        origin = { username, sessionId, sessionVersion, netType, addrType, address };
        return;
      }
      case 's':
        sessionName = value;
        return;
      case 't':
        return;
      case 'c': {
        const parsed = parseConnection(value);
        if (typeof parsed === 'string') return problem(parsed);
        if (section.kind === 'media') section.media.connection = parsed;
        else if (section.kind === 'session') connection = parsed;
        return;
      }
      case 'm': {
        const parsed = parseMediaLine(value);
        if (typeof parsed === 'string') {
          // Its attributes must not land on the previous stream, so skip them with it.
          section = { kind: 'ignored' };
          return problem(parsed);
        }
        media.push(parsed);
        section = { kind: 'media', media: parsed };
        return;
      }
      case 'a': {
        if (section.kind === 'ignored') return;
        const target = section.kind === 'media' ? section.media : undefined;
        const why = applyAttribute(value, target, (d) => {
          sessionDirection = d;
        });
        if (why) problem(why);
        return;
      }
      default:
        if (!KNOWN_UNUSED_TYPES.has(type)) problem(`unknown line type "${type}"`);
    }
  });

  const direction = sessionDirection ?? 'sendrecv';
  return {
    version,
    origin,
    sessionName,
    connection,
    direction,
    media: media.map((m): SdpMedia => ({ ...m, direction: m.direction ?? direction })),
    problems,
  };
}

/** RFC 8866 §5.7: c=<nettype> <addrtype> <connection-address>[/<ttl>][/<number of addresses>] */
function parseConnection(value: string): SdpConnection | string {
  const parts = value.split(/\s+/);
  if (parts.length !== 3) return 'c= needs 3 fields';
  const [netType, addrType, address] = parts as [string, string, string];
  if (netType.toUpperCase() !== 'IN') return `unknown network type "${netType}"`;
  const family = addrType.toUpperCase();
  if (family !== 'IP4' && family !== 'IP6') return `unknown address type "${addrType}"`;
  // The /ttl and /count suffixes only apply to multicast; keep the address itself.
  const bare = family === 'IP4' ? (address.split('/')[0] ?? '') : address;
  if (bare === '') return 'empty connection address';
  return { address: bare, family: family as AddressFamily };
}

/** RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ... */
function parseMediaLine(value: string): MediaBuilder | string {
  const parts = value.split(/\s+/);
  if (parts.length < 3) return 'm= needs a media type, port and protocol';
  const [type, portField, proto, ...formats] = parts as [string, string, string, ...string[]];
  const portMatch = /^(\d+)(?:\/(\d+))?$/.exec(portField);
  const port = Number(portMatch?.[1]);
  if (!portMatch || port > 65535) return `bad port "${portField}"`;
  const isRtp = /^(?:UDP\/TLS\/)?RTP\//i.test(proto);
  const payloads: number[] = [];
  if (isRtp) {
    for (const fmt of formats) {
      const pt = Number(fmt);
      // RFC 3551 §3: RTP payload types are 7 bits.
      if (!/^\d+$/.test(fmt) || pt > 127) return `bad RTP payload type "${fmt}"`;
      payloads.push(pt);
    }
  }
  return {
    type: type.toLowerCase(),
    port,
    portCount: portMatch[2] === undefined ? undefined : Number(portMatch[2]),
    proto,
    formats,
    payloads,
    rtpmap: new Map(),
    fmtp: new Map(),
    attributes: [],
  };
}

/** Applies one a= line; returns why it did not parse, if it did not. */
function applyAttribute(
  value: string,
  media: MediaBuilder | undefined,
  setSessionDirection: (d: MediaDirection) => void,
): string | undefined {
  // RFC 8866 §5.13: a=<attribute-name>[:<attribute-value>]
  const colon = value.indexOf(':');
  const name = (colon < 0 ? value : value.slice(0, colon)).trim();
  const attrValue = colon < 0 ? undefined : value.slice(colon + 1).trim();
  if (!/^[A-Za-z0-9!#$%&'*+.^_`{|}~-]+$/.test(name)) return 'bad attribute name';
  const lower = name.toLowerCase();

  if (DIRECTIONS.has(lower)) {
    if (media) media.direction = lower as MediaDirection;
    else setSessionDirection(lower as MediaDirection);
    return undefined;
  }
  if (!media) return undefined;
  media.attributes.push(attrValue === undefined ? { name } : { name, value: attrValue });

  switch (lower) {
    case 'rtpmap': {
      // RFC 8866 §6.6: <payload type> <encoding name>/<clock rate>[/<encoding parameters>]
      const m = /^(\d+)\s+([^/\s]+)\/(\d+)(?:\/(\d+))?$/.exec(attrValue ?? '');
      if (!m) return 'bad rtpmap';
      const entry: RtpMapEntry = {
        encoding: m[2] ?? '',
        clock: Number(m[3]),
        ...(m[4] === undefined ? {} : { channels: Number(m[4]) }),
      };
      media.rtpmap.set(Number(m[1]), entry);
      return undefined;
    }
    case 'fmtp': {
      // RFC 8866 §6.15: a=fmtp:<format> <format specific parameters>
      const m = /^(\d+)\s+(.*)$/.exec(attrValue ?? '');
      if (!m) return 'bad fmtp';
      media.fmtp.set(Number(m[1]), m[2] ?? '');
      return undefined;
    }
    case 'ptime': {
      // RFC 8866 §6.4: milliseconds, possibly fractional.
      const ms = Number(attrValue);
      if (!Number.isFinite(ms) || ms <= 0) return 'bad ptime';
      media.ptime = ms;
      return undefined;
    }
    case 'rtcp': {
      // RFC 3605 §2.1: a=rtcp:<port> [nettype addrtype address]
      const port = Number((attrValue ?? '').split(/\s+/)[0]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return 'bad rtcp port';
      media.rtcpPort = port;
      return undefined;
    }
    default:
      return undefined;
  }
}
