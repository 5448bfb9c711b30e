// Via values (RFC 3261 §20.42, §25):
//   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
//   sent-protocol = protocol-name SLASH protocol-version SLASH transport
//   sent-by       = host [ COLON port ]
// A Via with no sent-by ("SIP/2.0/UDP;branch=…", as in the IP-trunk guide's sample INVITE) is
// still read: its transport and branch are there even though the host is not.
import type { ViaValue } from './sip-document';
import { readHostPort } from './host-port';
import { indexOutside } from './split-outside';
import { emptyParamFault, parseParams } from './sip-params';

export interface ViaReading {
  readonly value: ViaValue;
  readonly faults: readonly string[];
}

// One string each for what nearly every Via says (RFC 3261 §20.42 and RFC 7118's WS/WSS), instead
// of a new one per message: a trace keeps every message's Vias.
const KNOWN = new Map(['SIP/2.0', 'UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS'].map((w) => [w, w]));

function known(word: string): string {
  return KNOWN.get(word) ?? word;
}

export function readVia(text: string): ViaReading {
  const faults: string[] = [];
  const semi = indexOutside(text, ';');
  const head = (semi < 0 ? text : text.slice(0, semi)).trim();
  const params = parseParams(semi < 0 ? '' : text.slice(semi + 1));
  const emptyParam = semi < 0 ? undefined : emptyParamFault(text.slice(semi + 1));
  if (emptyParam !== undefined) faults.push(emptyParam);

  // §25 SLASH = SWS "/" SWS: "SIP / 2.0 / UDP" is legal, so close up the slashes first.
  const compact = closeUp(head, '/');
  const space = firstSpace(compact);
  const sentProtocol = space < 0 ? compact : compact.slice(0, space);
  const sentBy = space < 0 ? '' : compact.slice(space + 1).trim();

  const parts = sentProtocol.split('/');
  let protocol = '';
  let transport = '';
  if (parts.length === 3 && parts.every((p) => p !== '')) {
    protocol = known(`${parts[0]!}/${parts[1]!}`.toUpperCase());
    transport = known(parts[2]!.toUpperCase());
  } else {
    faults.push(`'${sentProtocol}' is not a sent-protocol like 'SIP/2.0/UDP' (RFC 3261 §20.42)`);
  }

  let host: string | undefined;
  let port: number | undefined;
  if (sentBy === '') {
    faults.push(`the Via has no host after '${sentProtocol}' (RFC 3261 §20.42: sent-by = host [ ":" port ])`);
  } else {
    // §25 COLON = SWS ":" SWS
    const hp = readHostPort(closeUp(sentBy, ':'));
    faults.push(...hp.faults.map((f) => `Via sent-by: ${f}`));
    if (hp.host !== '') host = hp.host;
    else faults.push(`the Via has no host in '${sentBy}'`);
    port = hp.port;
  }

  const value: ViaValue = {
    protocol,
    transport,
    ...(host !== undefined ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(params['branch'] !== undefined ? { branch: params['branch'] } : {}),
    ...(params['received'] !== undefined ? { received: params['received'] } : {}),
    ...(params['rport'] !== undefined ? { rport: params['rport'] } : {}),
    params,
  };
  return { value, faults };
}

/** Drop the spaces and tabs around every `sep` (one linear pass). */
function closeUp(s: string, sep: string): string {
  const i = s.indexOf(sep);
  if (i < 0 || !/[ \t]/.test(s)) return s;
  return s
    .split(sep)
    .map((part, i, all) => {
      const start = i === 0 ? part : part.trimStart();
      return i === all.length - 1 ? start : start.trimEnd();
    })
    .join(sep);
}

function firstSpace(s: string): number {
  const sp = s.indexOf(' ');
  const tab = s.indexOf('\t');
  if (sp < 0) return tab;
  if (tab < 0) return sp;
  return Math.min(sp, tab);
}
