import { splitHeaderList } from './sip-message';

/**
 * One SIP message as Kamailio logged it. The generated config writes
 *   SIPKIT-RX|<method or status>|<call-id>|<cseq>|<cseq method>|<source ip:port>|<proto>
 * for every message it receives and
 *   SIPKIT-TX|<status>|<call-id>|<cseq>|<cseq method>|<dest ip:port>|<proto>|<retry-after>|<min-expires>|<contacts>
 * for every message it sends. The registrar sends replies only; the trunk and proxy roles
 * (kamailio-relay-config.ts) also log the requests they relay or generate (CANCEL, ACK), with
 * <method> in place of <status>, and log every datagram including retransmissions.
 */
export interface ParsedLogLine {
  direction: 'received' | 'sent';
  /** Request method; undefined for responses. */
  method?: string;
  /** Response status; undefined for requests. */
  status?: number;
  callId: string;
  cseq: number;
  cseqMethod: string;
  /** The other side: source of a received message, destination of a sent one ("ip:port"). */
  peer: string;
  transport: string;
  /** Sent replies only: header values Kamailio put in the reply. */
  retryAfter?: number;
  minExpires?: number;
  contacts?: string[];
  raw: string;
}

const MARKER = /SIPKIT-(RX|TX)\|(.*)$/;
const NULL = '<null>';

function optionalNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === NULL || text === '') return undefined;
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) ? value : undefined;
}

/** Parses a SIPKIT-RX/TX line out of Kamailio's stderr, or returns undefined for other lines. */
export function parseKamailioLogLine(line: string): ParsedLogLine | undefined {
  const match = MARKER.exec(line);
  if (!match?.[2]) return undefined;
  const direction = match[1] === 'RX' ? 'received' : 'sent';
  const fields = match[2].split('|');
  const [first, callId, cseq, cseqMethod, peer, transport] = fields;
  if (first === undefined || callId === undefined || cseq === undefined || cseqMethod === undefined)
    return undefined;
  if (peer === undefined || transport === undefined) return undefined;
  const isStatus = /^\d{3}$/.test(first);
  const parsed: ParsedLogLine = {
    direction,
    ...(isStatus ? { status: Number(first) } : { method: first }),
    callId,
    cseq: Number.parseInt(cseq, 10),
    cseqMethod,
    peer,
    transport: transport.toLowerCase(),
    raw: line,
  };
  if (direction === 'sent') {
    const retryAfter = optionalNumber(fields[6]);
    const minExpires = optionalNumber(fields[7]);
    // Contact values never contain '|' in practice, but rejoin to be safe.
    const contactText = fields.slice(8).join('|');
    if (retryAfter !== undefined) parsed.retryAfter = retryAfter;
    if (minExpires !== undefined) parsed.minExpires = minExpires;
    parsed.contacts = contactText === NULL || contactText === '' ? [] : splitHeaderList(contactText);
  }
  return parsed;
}
