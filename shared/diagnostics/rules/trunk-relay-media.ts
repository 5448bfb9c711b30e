// trunk.relay-media (seed 000): media relay on/off/don't care; "No" only for a PBX with a static
// public IP. With the relay off, the provider sends audio straight to the SDP c= address, so a
// private address there (a PBX behind NAT without SDP fix-up) means one-way or no audio.
import { addressScope, sameAddress, splitHostPort } from '../address-scope';
import { capEvidence } from '../message-text';
import { natSightings, type NatSighting } from '../nat-evidence';
import type { Rule, RuleContext } from '../rule-types';
import { sdpAddresses } from '../sdp-lines';
import type { Evidence, Finding } from '../trace-model';
import { groupBy } from './rule-support';

export const trunkRelayMediaRule: Rule = {
  id: 'trunk.relay-media',
  title: 'Media relay setting fits where the PBX is',
  run(ctx) {
    const sightings = natSightings(ctx.messages).filter((s) => ctx.index.roles.roleOf(s.msg.src) !== 'trunk');
    const sdp = sightings.filter((s) => s.field === 'sdp');
    if (ctx.profile.relay_media !== 'no') {
      return [...groupBy(sdp, (s) => `${s.seenFrom}\n${s.address}`).values()].map((list) =>
        relayedFinding(ctx.profile.relay_media, list),
      );
    }
    const findings: Finding[] = [];
    for (const [, list] of groupBy(sdp, (s) => `${s.seenFrom}\n${s.address}`)) {
      findings.push(privateSdpFinding(list));
    }
    if (sdp.length === 0 && sightings.length > 0) findings.push(natButPublicSdp(sightings));
    findings.push(...mediaElsewhere(ctx));
    return findings;
  },
};

function privateSdpFinding(list: readonly NatSighting[]): Finding {
  const first = list[0] as NatSighting;
  return {
    rule: 'trunk.relay-media',
    severity: 'warning',
    title: `Media relay is off but the SDP asks for audio at private ${first.address} (signalling from ${first.seenFrom})`,
    evidence: capEvidence(list.map((s) => s.evidence)),
    observed: `SDP c=${first.address} in a message ${first.how === 'source' ? 'sent from' : 'seen by the server as coming from'} ${first.seenFrom}`,
    expected: 'a public, reachable media address in the SDP, or media relay on',
    explanation:
      'The SDP inside the SIP message tells the provider where to send the audio. With media relay off ' +
      "the provider's media goes straight to that address, but a private address (192.168.x.x, 10.x.x.x…) " +
      'cannot be reached from the internet: the PBX is behind NAT. Expect one-way audio or silence on ' +
      'answered calls.',
    fix:
      'Set Relay Media to "Yes" or "Don\'t Care" on the trunk, or configure the PBX\'s NAT settings so its SDP ' +
      'carries the public address (Asterisk pjsip: external_media_address / external_signaling_address; ' +
      'FreePBX: Settings > Asterisk SIP Settings > External Address) and forward the RTP port range.',
  };
}

/** With the relay on (or left to the provider), a NATed SDP is the relay's job: information. */
function relayedFinding(relay: 'yes' | 'no' | 'auto', list: readonly NatSighting[]): Finding {
  const first = list[0] as NatSighting;
  return {
    rule: 'trunk.relay-media',
    severity: 'info',
    title: `The SDP asks for audio at private ${first.address} (signalling from ${first.seenFrom}); media relay ${relay === 'yes' ? 'on' : '"Don\'t Care"'} has to cover it`,
    evidence: capEvidence(list.map((s) => s.evidence)),
    observed: `SDP c=${first.address}, signalling from ${first.seenFrom}`,
    expected: 'a public media address, or media relayed by the provider',
    explanation:
      'The sender is behind NAT and its SDP names a private address nobody on the internet can reach. With media ' +
      "relay on, the provider's relay sends audio back to wherever the sender's RTP really comes from, so calls " +
      'usually work; with "Don\'t Care" the provider decides, and one-way audio means it chose not to relay.',
    fix:
      relay === 'yes'
        ? "Nothing to fix while audio flows both ways; configuring the PBX's external media address removes the dependence on the relay."
        : 'If calls have one-way audio, set Relay Media to "Yes" on the trunk, or configure the PBX\'s external media address.',
  };
}

function natButPublicSdp(sightings: readonly NatSighting[]): Finding {
  const first = sightings[0] as NatSighting;
  return {
    rule: 'trunk.relay-media',
    severity: 'info',
    title: `Media relay is off while the PBX is behind NAT (${first.address} seen as ${first.seenFrom})`,
    evidence: capEvidence(sightings.map((s) => s.evidence)),
    observed: `private ${first.field === 'via' ? 'Via' : 'Contact'} address ${first.address}, public source ${first.seenFrom}`,
    expected: 'relay off only for a PBX with a static public IP address',
    explanation:
      'The provider recommends turning media relay off only when the PBX has a static public IP address. ' +
      'This PBX sits behind NAT; its SDP already names a public address, so audio can work, but only as long ' +
      'as the router forwards the RTP ports and the public address never changes.',
    fix: 'If calls ever have one-way audio, set Relay Media to "Don\'t Care" or "Yes" on the trunk.',
  };
}

/** With a static PBX address, media from elsewhere must also be allowed through firewalls. */
function mediaElsewhere(ctx: RuleContext): Finding[] {
  const pbxIp = ctx.profile.pbx_ip;
  if (!pbxIp) return [];
  const allowed = splitHostPort(pbxIp).address;
  const evidence: Evidence[] = [];
  const addresses = new Set<string>();
  for (const msg of ctx.messages) {
    if (!msg.src || !sameAddress(msg.src.address, allowed)) continue;
    for (const s of sdpAddresses(msg)) {
      if (addressScope(s.address) !== 'public' || sameAddress(s.address, allowed)) continue;
      addresses.add(s.address);
      evidence.push({ messageIndex: msg.index, line: s.line, text: s.text });
    }
  }
  if (evidence.length === 0) return [];
  const list = [...addresses].join(', ');
  return [
    {
      rule: 'trunk.relay-media',
      severity: 'info',
      title: `The PBX at ${allowed} asks for media at another public address (${list})`,
      evidence: capEvidence(evidence),
      observed: `SDP c=${list}`,
      expected: `media at ${allowed} when relay is off`,
      explanation:
        "With media relay off, audio flows directly between the provider and the address in the PBX's SDP. " +
        `That address is not the PBX's signalling address ${allowed}, so a separate media server handles the ` +
        'audio; it must be reachable from the provider as well.',
      fix: `Make sure ${list} accepts RTP from the provider's media servers, or set Relay Media to "Don't Care".`,
    },
  ];
}
