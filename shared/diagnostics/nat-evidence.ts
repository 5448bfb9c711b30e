// Where a trace shows NAT: a message that names a private address (top Via sent-by, Contact, SDP
// c=) although it came from a public one, or a server's response whose Via received/rport says the
// request arrived from another address than its Via claimed (RFC 3261 §18.2.1, RFC 3581).
// Shared by sip.nat and trunk.relay-media so both read NAT the same way.
import { addressScope, isNonRoutable, normalizeAddress, sameAddress } from './address-scope';
import { headerLines, headerLineEvidence } from './message-text';
import { sdpAddresses } from './sdp-lines';
import type { Evidence, TraceMessage } from './trace-model';
import { topVia } from './sip-values';

export type NatField = 'via' | 'contact' | 'sdp';

export interface NatSighting {
  readonly msg: TraceMessage;
  readonly field: NatField;
  /** The private address the message names. */
  readonly address: string;
  readonly evidence: Evidence;
  /** The address the packet really came from (its source, or the server's `received`). */
  readonly seenFrom: string;
  readonly how: 'source' | 'received';
}

export interface ReceivedReport {
  readonly response: TraceMessage;
  readonly viaHost: string;
  readonly viaPort?: number;
  readonly received: string;
  readonly rport?: number;
  readonly evidence: Evidence;
}

function viaEvidence(msg: TraceMessage, needle: string): Evidence {
  const lines = headerLines(msg, 'via');
  const line = lines.find((h) => h.value.toLowerCase().includes(needle.toLowerCase())) ?? lines[0];
  return line ? headerLineEvidence(msg, line) : { messageIndex: msg.index };
}

function contactEvidence(msg: TraceMessage, needle: string): Evidence {
  const lines = headerLines(msg, 'contact');
  const line = lines.find((h) => h.value.toLowerCase().includes(needle.toLowerCase())) ?? lines[0];
  return line ? headerLineEvidence(msg, line) : { messageIndex: msg.index };
}

/** Responses whose top Via carries received (or rport) different from what the sender wrote. */
export function viaReceivedReports(messages: readonly TraceMessage[]): readonly ReceivedReport[] {
  const out: ReceivedReport[] = [];
  for (const msg of messages) {
    if (msg.doc.kind !== 'response') continue;
    const via = topVia(msg);
    if (!via?.host) continue;
    const rport = via.rport ? Number(via.rport) : undefined;
    const received = via.received ? normalizeAddress(via.received) : normalizeAddress(via.host);
    const addressDiffers = via.received !== undefined && !sameAddress(via.received, via.host);
    // Over TCP, TLS and WebSocket a client connects from an ephemeral port (RFC 3261 §18.1.1), so
    // another source port than the Via's is the normal case there, not NAT.
    const stream =
      /^(tcp|tls|ws|wss|sctp)$/i.test(via.transport) || msg.transport === 'tcp' || msg.transport === 'tls';
    const portDiffers =
      !stream && rport !== undefined && Number.isFinite(rport) && rport !== (via.port ?? 5060);
    if (!addressDiffers && !portDiffers) continue;
    out.push({
      response: msg,
      viaHost: normalizeAddress(via.host),
      viaPort: via.port,
      received,
      rport: rport !== undefined && Number.isFinite(rport) ? rport : undefined,
      evidence: viaEvidence(msg, 'received'),
    });
  }
  return out;
}

/** Every place a sender behind NAT shows its private address. */
// sip.nat and trunk.relay-media read the same sightings of the same trace: found once per trace.
const sightingsOf = new WeakMap<readonly TraceMessage[], readonly NatSighting[]>();

export function natSightings(messages: readonly TraceMessage[]): readonly NatSighting[] {
  let found = sightingsOf.get(messages);
  if (found === undefined) {
    found = findSightings(messages);
    sightingsOf.set(messages, found);
  }
  return found;
}

function findSightings(messages: readonly TraceMessage[]): readonly NatSighting[] {
  // A private host that a server saw arrive from a public address is behind NAT, even when the
  // capture was taken on the LAN side where every source address is private.
  const seenAs = new Map<string, string>();
  for (const r of viaReceivedReports(messages)) {
    if (isNonRoutable(r.viaHost) && addressScope(r.received) === 'public') seenAs.set(r.viaHost, r.received);
  }
  const out: NatSighting[] = [];
  for (const msg of messages) {
    const candidates: { field: NatField; address: string; evidence: () => Evidence }[] = [];
    const via = msg.doc.kind === 'request' ? topVia(msg) : undefined;
    if (via?.host)
      candidates.push({ field: 'via', address: via.host, evidence: () => viaEvidence(msg, via.host ?? '') });
    // A registrar's 2xx lists the bindings (other devices' Contacts) and a 3xx lists redirect
    // targets: neither names the sender's own address.
    const ownContacts =
      msg.doc.kind === 'request' ||
      ((msg.doc.status ?? 0) < 300 && msg.doc.cseq?.method.toUpperCase() !== 'REGISTER');
    for (const c of ownContacts ? msg.doc.contacts : []) {
      // A WebSocket client (RFC 7118) is reached over its connection, not at its Contact address.
      if (/^wss?$/i.test(c.uri?.params?.transport ?? '')) continue;
      const host = c.uri?.host;
      if (host)
        candidates.push({ field: 'contact', address: host, evidence: () => contactEvidence(msg, host) });
    }
    // SDP that ICE handles (RFC 8445: a=candidate, a=ice-ufrag; WebRTC) names c= only as a
    // default: the candidates find the path through NAT.
    const ice = /^a=(candidate|ice-ufrag):/m.test(msg.doc.body);
    for (const s of ice ? [] : sdpAddresses(msg)) {
      candidates.push({
        field: 'sdp',
        address: s.address,
        evidence: () => ({ messageIndex: msg.index, line: s.line, text: s.text }),
      });
    }
    const source = msg.src?.address;
    const sourcePublic = source !== undefined && addressScope(source) === 'public';
    const received =
      (source !== undefined ? seenAs.get(normalizeAddress(source)) : undefined) ??
      (via?.host ? seenAs.get(normalizeAddress(via.host)) : undefined);
    for (const c of candidates) {
      if (!isNonRoutable(c.address)) continue;
      if (sourcePublic && source !== undefined && !sameAddress(c.address, source)) {
        out.push({
          msg,
          field: c.field,
          address: normalizeAddress(c.address),
          evidence: c.evidence(),
          seenFrom: source,
          how: 'source',
        });
      } else if (!sourcePublic && received !== undefined && !(msg.dst && isNonRoutable(msg.dst.address))) {
        // Sent to a peer on a private network too: that peer can reach the private address.
        out.push({
          msg,
          field: c.field,
          address: normalizeAddress(c.address),
          evidence: c.evidence(),
          seenFrom: received,
          how: 'received',
        });
      }
    }
  }
  return out;
}
