// The layout of the IP-trunk guide's sample trace (seed 000): a line "Received Packet from",
// sometimes followed by the sender's address, before each message. Some tools print "Sent
// Packet to" for the other direction; both are read.
//
//   Received Packet from 198.51.100.20:5060
//   INVITE sip:18452130635@dtoys.18235.service;user=phone SIP/2.0
import type { TextLayout } from './text-layout';
import { readEndpoint, transportOf } from './endpoint-text';

const MARKER = /^\s*(Received Packet from|Sent Packet to)\b[ \t:]*(.*)$/i;

export const receivedPacketLayout: TextLayout = {
  format: 'received-packet',
  marker(line) {
    if (!/packet/i.test(line)) return undefined;
    const m = MARKER.exec(line);
    if (m === null) return undefined;
    // What may follow: an address, a port, a transport word, in any order.
    const words = m[2]!.split(/[\s,()]+/).filter((w) => w !== '');
    const transportWord = words.find((w) => transportOf(w) !== 'unknown');
    const addressWord = words.find((w) => /^[\w.:[\]-]+$/.test(w) && /[\d.:]/.test(w));
    const ep = addressWord !== undefined ? readEndpoint(addressWord.replace(/:$/, '')) : {};
    const side = m[1]!.toLowerCase().startsWith('received') ? 'src' : 'dst';
    return {
      way: side === 'src' ? 'in' : 'out',
      ...(transportWord !== undefined ? { transport: transportOf(transportWord) } : {}),
      ...(ep.endpoint !== undefined ? { [side]: ep.endpoint } : {}),
      ...(ep.portless !== undefined ? { portless: ep.portless } : {}),
    };
  },
  loose: true,
  chatty: false,
};
