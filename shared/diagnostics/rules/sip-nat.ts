// sip.nat: a private address in the sender's own Via sent-by, Contact or SDP c= while the packet
// came from a different, public address (or a server's Via received= says so). RFC 3261 §18.2.1
// has the server add "received" when the sent-by differs from the packet source; RFC 3581 adds
// rport. Either way the far end learns an address it cannot reach.
import { describeScope } from '../address-scope';
import { farSideNats, type FarSideNat } from '../nat-far-side';
import { natSightings, viaReceivedReports, type NatSighting } from '../nat-evidence';
import type { Rule } from '../rule-types';
import { formatInterval } from '../time-format';
import type { Finding } from '../trace-model';
import { capEvidence, headerLineEvidence, headerLines, startLineEvidence } from '../message-text';
import { countNote, groupBy, plural } from './rule-support';

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
    const far = farSideNats(ctx.index);
    for (const list of groupBy(far, (f) => `${f.sender}\n${f.contact}`).values()) {
      findings.push(farSideFinding(list));
    }
    // The far-side finding already names these Contacts and SDP addresses, with their consequence.
    const covered = new Set(far.flatMap((f) => f.copies.map((c) => c.index)));
    const sightings = natSightings(ctx.messages).filter(
      (s) => s.field === 'via' || !covered.has(s.msg.index),
    );
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

const FAR_SIDE_FIX =
  'Make the answering PBX write its public address. Asterisk (pjsip): on the transport set ' +
  'external_signaling_address and external_media_address to the public IP and local_net to the LAN ' +
  '(e.g. 192.168.0.0/16). FreePBX: Settings → Asterisk SIP Settings → External Address (Detect Network ' +
  'Settings) and Local Networks, then Submit and Apply Config. FreeSWITCH: ext-sip-ip and ext-rtp-ip in the ' +
  'SIP profile (e.g. autonat:<public IP> or the address itself). Forward its SIP and RTP ports on the ' +
  "router and turn off the router's SIP ALG.";

function farSideFinding(list: readonly FarSideNat[]): Finding {
  const first = list[0] as FarSideNat;
  const ok = first.copies[0];
  const dead = list.filter((f) => !f.ackedAtLast).length;
  const t0 = ok?.tsMicros;
  const tn = first.copies[first.copies.length - 1]?.tsMicros;
  const span = t0 !== undefined && tn !== undefined ? ` over ${formatInterval(tn - t0)}` : '';
  const toContact = first.acksToContact.length;
  const contactLines = ok ? headerLines(ok, 'contact').map((h) => headerLineEvidence(ok, h)) : [];
  return {
    rule: 'sip.nat',
    severity: dead > 0 ? 'error' : 'warning',
    title:
      `The answering side ${first.sender} is behind NAT: its 200 OK names private ${first.contact} as Contact, ` +
      `so the ACK ${toContact > 0 ? 'went to that address' : 'never reached it'} and the 200 OK was repeated ` +
      `${first.copies.length} times${dead > 0 ? ' without an ACK' : ''}${countNote(list.length, 'call')}`,
    evidence: capEvidence([
      ...contactLines,
      ...list.flatMap((f) => f.copies.map(startLineEvidence)),
      ...list.flatMap((f) => f.acksToContact.map(startLineEvidence)),
    ]),
    observed:
      `200 OK from ${first.sender} with Contact ${first.contact}` +
      (first.media !== undefined ? ` and SDP c=${first.media}` : '') +
      `; ${plural(first.copies.length, 'copy', 'copies')}${span}; ` +
      (toContact > 0
        ? `${plural(toContact, 'ACK')} sent to ${first.contact}`
        : `no ACK reached ${first.sender}`),
    expected: `Contact (and SDP c=) with the public address ${first.senderAddress} the 200 OK came from (RFC 3261 §12.1.2, §13.2.2.4)`,
    explanation:
      'The PBX that answered sits behind NAT and wrote its private address into the 200 OK. The caller sends the ' +
      'ACK, and later the BYE, to that Contact, where nothing can receive them: the PBX repeats its 200 OK until ' +
      'it gives up and drops the call after about 32 seconds, and hanging up from the caller side does not reach ' +
      'it.' +
      (first.media !== undefined
        ? ` Its SDP names private ${first.media} too, so the caller's audio is lost as well.`
        : ''),
    fix: FAR_SIDE_FIX,
  };
}
