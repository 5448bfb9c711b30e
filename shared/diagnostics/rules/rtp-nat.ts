// rtp.nat: "SDP said X, RTP came from Y". A side's RTP leaving from another address or port than
// the one its SDP announced (RFC 3264 §5: the c=/m= address is where it receives; symmetric RTP,
// RFC 4961, sends from it too) shows a NAT or media relay in between. Harmless when the far side
// latches onto the source; the cause of one-way audio when it sends to the announced address.
import type { CallMedia, MediaNatSighting } from '../call-media';
import type { Rule } from '../rule-types';
import type { Finding } from '../trace-model';
import { endpointText } from '../../sip/address-text';
import { describeScope } from '../address-scope';

export const rtpNatRule: Rule = {
  id: 'rtp.nat',
  title: 'RTP comes from the address the SDP announced',
  run(ctx) {
    const media = ctx.media;
    if (!media) return [];
    return media.calls.flatMap((m) => firstPerSide(m.nat).map((s) => sighting(m, s)));
  },
};

function firstPerSide(list: readonly MediaNatSighting[]): MediaNatSighting[] {
  const bySide = new Map<string, MediaNatSighting>();
  for (const s of list) if (!bySide.has(s.side)) bySide.set(s.side, s);
  return [...bySide.values()];
}

function sighting(m: CallMedia, s: MediaNatSighting): Finding {
  const said = endpointText(s.sdp);
  const came = endpointText(s.seen);
  const audioFine = m.verdict === 'two-way';
  return {
    rule: 'rtp.nat',
    severity: audioFine ? 'info' : 'warning',
    title: `Call ${m.call.callId}: the ${s.side}'s SDP said ${said}, its RTP came from ${came}`,
    evidence: [s.evidence],
    observed: `${s.packets} RTP packets from ${came} (${describeScope(s.seen.address)})`,
    expected: `RTP from ${said} (${describeScope(s.sdp.address)}), the address in the SDP`,
    explanation:
      `A NAT or media relay sits in front of the ${s.side}: its audio leaves from another address or port than its SDP told the other side to use. ` +
      (audioFine
        ? 'Audio still flowed both ways here, so the other side latched onto the real source (symmetric RTP) or a relay handled it.'
        : 'Audio did not flow both ways: the other side most likely sends to the announced address, where nothing listens.'),
    fix: `Put the public media address in the ${s.side}'s SDP (Asterisk external_media_address with local_net, FreeSWITCH ext-rtp-ip, or the PBX's NAT setting), or turn on symmetric RTP / latching (Asterisk rtp_symmetric=yes, FreeSWITCH NDLB-force-rport) or the provider's media relay.`,
  };
}
