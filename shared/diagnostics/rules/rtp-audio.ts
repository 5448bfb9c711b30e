// rtp.audio: "calls connect but no audio", answered from the capture's RTP. A call answered with
// a 2xx (RFC 3261 §13.2.2.4) has both sides sending audio to the addresses their SDP gave
// (RFC 3264 §6, §8); a capture that holds RTP but none of it, or only one direction, for such a
// call shows the most common field complaint, and where the audio stopped.
import { isNonRoutable, describeScope } from '../address-scope';
import type { CallMedia, CallSide } from '../call-media';
import { startLineEvidence } from '../message-text';
import type { Rule, RuleContext } from '../rule-types';
import type { Evidence, Finding } from '../trace-model';
import { endpointText } from '../../sip/address-text';
import { at } from './rule-support';

const HOLD = /^a=(sendonly|recvonly|inactive)\s*$/im;

export const rtpAudioRule: Rule = {
  id: 'rtp.audio',
  title: 'Answered calls carry RTP both ways',
  run(ctx) {
    const media = ctx.media;
    if (!media) return [];
    const answered = media.calls.filter((m) => m.call.answer !== undefined);
    if (answered.length === 0) return [];
    const anyRtp = media.unmatched.length > 0 || media.calls.some((m) => m.streams.length > 0);
    if (!anyRtp) return [noRtpAtAll(answered)];
    const mediaHosts = new Set((ctx.options.rtpStreams ?? []).flatMap((s) => [s.src.address, s.dst.address]));
    return answered.filter((m) => m.verdict !== 'two-way').map((m) => oneWay(ctx, m, mediaHosts));
  },
};

function noRtpAtAll(answered: readonly CallMedia[]): Finding {
  const first = answered[0] as CallMedia;
  return {
    rule: 'rtp.audio',
    severity: 'info',
    title: `The capture holds no RTP, so the audio of ${answered.length === 1 ? 'the answered call' : `${answered.length} answered calls`} cannot be judged`,
    evidence: first.call.answer ? [startLineEvidence(first.call.answer)] : [],
    explanation:
      'No RTP packet is in this capture at all, most often because it was filtered to the SIP port (port 5060) or taken where only signalling passes. Whether the calls had audio cannot be told from it.',
    fix: 'To check audio, capture without a port filter (or with the RTP port range, e.g. "udp portrange 10000-20000") on the PBX or its firewall while a call is up.',
  };
}

function oneWay(ctx: RuleContext, m: CallMedia, mediaHosts: ReadonlySet<string>): Finding {
  const caller = m.sdp.caller?.endpoint;
  const callee = m.sdp.callee?.endpoint;
  const callerText = caller ? endpointText(caller) : "the caller's address";
  const calleeText = callee ? endpointText(callee) : "the callee's address";
  const hold = m.call.messages.some((msg) => HOLD.test(msg.doc.body));
  const id = m.call.callId;
  let title: string;
  let observed: string;
  let missingTo: CallSide | undefined;
  if (m.verdict === 'none') {
    title = `Call ${id} was answered but no RTP flowed either way`;
    observed = `0 RTP packets to ${callerText} or to ${calleeText}`;
  } else if (m.verdict === 'one-way-out') {
    title = `Call ${id}: one-way audio — the caller's RTP reached ${calleeText} (${m.fromCaller} packets) but none came back to ${callerText}`;
    observed = `${m.fromCaller} packets from the caller, 0 to it`;
    missingTo = 'caller';
  } else {
    title = `Call ${id}: one-way audio — ${m.toCaller} RTP packets reached the caller at ${callerText} but none went to ${calleeText}`;
    observed = `${m.toCaller} packets to the caller, 0 from it`;
    missingTo = 'callee';
  }
  const target = missingTo ? m.sdp[missingTo]?.endpoint : undefined;
  const privateNote =
    target && isNonRoutable(target.address)
      ? ` The ${missingTo}'s SDP asks for audio at ${endpointText(target)}, ${describeScope(target.address)} the other side cannot reach from the internet: a PBX behind NAT that does not put its public address in the SDP.`
      : '';
  // No packet at all, and none to or from either side's media host for any call: the capture was
  // most likely taken where this leg's media does not pass (another interface, the other leg of a
  // B2BUA), which cannot prove the call mute.
  const unseenPath =
    m.verdict === 'none' && ![caller, callee].some((e) => e !== undefined && mediaHosts.has(e.address));
  const pathNote = unseenPath
    ? ` No RTP in this capture comes from or goes to ${callerText} or ${calleeText} for any call, so the capture may simply have been taken where this call's media does not pass (another interface, or the other leg of a B2BUA or SBC).`
    : '';
  const answeredAt = at(ctx, m.call.answer?.tsMicros);
  const evidence: Evidence[] = [
    ...(m.sdp.caller ? [m.sdp.caller.evidence] : []),
    ...(m.sdp.callee ? [m.sdp.callee.evidence] : []),
    ...(m.call.answer ? [startLineEvidence(m.call.answer)] : []),
  ];
  return {
    rule: 'rtp.audio',
    // On hold (a=sendonly/recvonly/inactive, RFC 3264 §5.1) one-way or no audio is what was asked for.
    // Media the capture cannot see proves nothing about the call: a note, not a problem.
    severity: unseenPath ? 'info' : hold ? 'warning' : 'error',
    title: unseenPath
      ? `Call ${id}: none of its RTP is in this capture (its media, ${callerText} ↔ ${calleeText}, passes elsewhere)`
      : title,
    evidence,
    observed,
    expected: `RTP both ways from the answer (${answeredAt}) on: from ${callerText} to ${calleeText} and back`,
    explanation:
      `The call was answered, so both sides should be sending audio to the addresses their SDP gave; this capture shows ${m.verdict === 'none' ? 'no audio at all' : 'audio in one direction only'} — what users report as "calls connect but no audio".${privateNote}${pathNote}` +
      (hold
        ? ' The SDP put the call on hold (sendonly/recvonly/inactive) at some point, which explains missing audio while it lasted.'
        : '') +
      ' Missing audio is almost always NAT or a firewall: an SDP address the far side cannot reach, UDP media ports not forwarded, or a SIP ALG rewriting the SDP.',
    fix: "Make the side whose audio is missing reachable at the address its SDP gives: on a PBX behind NAT set the public media address (Asterisk external_media_address with local_net, FreePBX Settings → Asterisk SIP Settings → External Address, FreeSWITCH ext-rtp-ip); forward its RTP port range on the firewall; turn the router's SIP ALG off; or ask the provider to relay media. A capture on both sides of the firewall shows where the packets stop.",
  };
}
