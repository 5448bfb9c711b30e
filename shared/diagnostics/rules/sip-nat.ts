// sip.nat: a private address in the sender's own Via sent-by, Contact or SDP c= while the packet
// came from a different, public address (or a server's Via received= says so). RFC 3261 §18.2.1
// has the server add "received" when the sent-by differs from the packet source; RFC 3581 adds
// rport. Either way the far end learns an address it cannot reach.
import { describeScope } from '../address-scope';
import { capEvidence } from '../message-text';
import { natSightings, viaReceivedReports, type NatSighting } from '../nat-evidence';
import type { Rule } from '../rule-types';
import type { Finding } from '../trace-model';
import { countNote, groupBy } from './rule-support';

const FIELD_WORDS = { via: 'Via sent-by', contact: 'Contact', sdp: 'SDP media address (c=)' } as const;

const CONSEQUENCE = {
  via: 'Responses are routed to the Via address; unless the far end uses rport/received (RFC 3581), they go to the private address and are lost.',
  contact:
    'Later requests of the call (ACK, BYE, re-INVITE) and inbound calls are sent to the Contact address; to a private address they never arrive, so calls drop after ~32 s or cannot be hung up, and inbound calls fail.',
  sdp: 'The far end sends the audio to the SDP address; to a private address it never arrives, so the call has one-way audio or silence unless a media relay latches onto where the RTP really comes from.',
} as const;

const FIX = {
  via: 'Enable rport on the PBX (Asterisk pjsip: force_rport/rewrite_contact on the endpoint) or set its external signalling address.',
  contact:
    "Set the PBX's external (public) address so it writes it in Contact (Asterisk pjsip: external_signaling_address; FreePBX: External Address), or enable rewrite_contact; turn off the router's SIP ALG, which often mangles these headers.",
  sdp: "Set the PBX's external media address (Asterisk pjsip: external_media_address; FreePBX: External Address and Local Networks), forward the RTP port range to the PBX, or have the provider relay media; turn off the router's SIP ALG.",
} as const;

export const sipNatRule: Rule = {
  id: 'sip.nat',
  title: 'No private addresses behind NAT in Via, Contact or SDP',
  run(ctx) {
    const findings: Finding[] = [];
    const sightings = natSightings(ctx.messages);
    const groups = groupBy(sightings, (s) => `${s.field}\n${s.address}\n${s.seenFrom}`);
    for (const list of groups.values()) {
      const first = list[0] as NatSighting;
      findings.push({
        rule: 'sip.nat',
        severity: 'warning',
        title: `${FIELD_WORDS[first.field]} names private ${first.address} while the ${first.how === 'source' ? 'packet came from' : 'server saw it arrive from'} ${first.seenFrom}${countNote(list.length, 'message')}`,
        evidence: capEvidence(list.map((s) => s.evidence)),
        observed: `${FIELD_WORDS[first.field]} ${first.address} (${describeScope(first.address)}); source ${first.seenFrom}`,
        expected: `the public address ${first.seenFrom}, or media/signalling fix-up by the far end`,
        explanation:
          'The sender sits behind a router that translates addresses (NAT): it writes its own private address into ' +
          `the message, while the world sees it as ${first.seenFrom}. ${CONSEQUENCE[first.field]}`,
        fix: FIX[first.field],
      });
    }
    // Capture on the PBX side: the server's "received" is the only sign of NAT. Report it once per
    // address pair as information, unless a sighting above already made the point.
    const seen = new Set(sightings.map((s) => s.address));
    const reports = viaReceivedReports(ctx.messages).filter((r) => !seen.has(r.viaHost));
    for (const list of groupBy(reports, (r) => `${r.viaHost}\n${r.received}\n${r.rport ?? ''}`).values()) {
      const r = list[0] as (typeof reports)[number];
      const seenAs = `${r.received}${r.rport !== undefined ? `:${r.rport}` : ''}`;
      findings.push({
        rule: 'sip.nat',
        severity: 'info',
        title: `The server saw requests from ${r.viaHost}${r.viaPort !== undefined ? `:${r.viaPort}` : ''} arrive from ${seenAs} (NAT)`,
        evidence: capEvidence(list.map((x) => x.evidence)),
        observed: `Via sent-by ${r.viaHost}${r.viaPort !== undefined ? `:${r.viaPort}` : ''}, received=${r.received}${r.rport !== undefined ? `;rport=${r.rport}` : ''}`,
        expected: 'sent-by equal to the address the server sees, when there is no NAT',
        explanation:
          'The far end adds "received" and "rport" to the Via when a request arrives from another address or port ' +
          'than the one the sender wrote: the sender is behind NAT (or has several addresses). Signalling still ' +
          'works because responses follow received/rport, but Contact and SDP addresses must be public for calls ' +
          'to have audio and to hang up properly.',
        fix: "Nothing to fix if calls work; otherwise set the PBX's external address (see the sip.nat warnings, if any).",
      });
    }
    return findings;
  },
};
