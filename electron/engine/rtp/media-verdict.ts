// The answer a technician wants from a test call: did audio flow both ways, one way (which), or
// not at all — in words that point at the likely cause.
import { addressScope, isNonRoutable } from '../../../shared/diagnostics/address-scope';
import type { Endpoint } from '../sdp/sdp-types';
import { verdictKind, type MediaVerdictKind } from '../../../shared/media/verdict-kind';
import type { RtpStats, SourceStats } from './rtp-stats';

export type { MediaVerdictKind } from '../../../shared/media/verdict-kind';

export interface MediaVerdict {
  /** "out" is what we send, "in" what we receive: one-way-out means nothing came back. */
  readonly verdict: MediaVerdictKind;
  /** One line. */
  readonly message: string;
  /** Further observations: NAT, loss, jitter, local trouble. */
  readonly notes: readonly string[];
}

/** Loss above this is worth a note: G.711 without concealment gets choppy around 3–5 %. */
const LOSS_NOTE = 0.03;
/** Jitter above this outgrows a typical 40–60 ms jitter buffer. */
const JITTER_NOTE_MS = 30;

export function mediaVerdict(stats: RtpStats): MediaVerdict {
  // After a re-INVITE moved the media, the verdict is about the new path; the old one is a note.
  const moved = (stats.moves?.length ?? 0) > 0 && stats.path !== undefined;
  const sent = moved ? (stats.path?.sent ?? 0) : Math.max(0, stats.sent.packets - stats.sent.sendErrors);
  const received = moved ? (stats.path?.received ?? 0) : stats.received.packets;
  const notes = [...moveNotes(stats), ...observations(stats)];
  const to = stats.sendingTo ? fmt(stats.sendingTo) : 'nowhere';
  const main = busiest(stats.received.sources);
  const from = main ? fmt(main.from) : 'nowhere';
  const kind: MediaVerdictKind = verdictKind(sent, received);

  if (kind === 'two-way') {
    const echoOnly = stats.received.sources.every((s) => s.ownStream);
    const quality = main
      ? ` (loss ${percent(main.fractionLost)}, jitter ${main.jitterMs.toFixed(1)} ms)`
      : '';
    const message = echoOnly
      ? `two-way audio: we sent ${sent} packets to ${to} and ${received} came back from ${from}${quality} — the far side echoes our audio`
      : `two-way audio: we sent ${sent} packets to ${to} and received ${received} from ${from}${quality}`;
    return { verdict: 'two-way', message, notes };
  }
  if (kind === 'one-way-out') {
    const privateTarget =
      stats.sendingTo && isNonRoutable(stats.sendingTo.address)
        ? `; ${stats.sendingTo.address} is a ${addressScope(stats.sendingTo.address)} address, so our packets may not reach the far side either`
        : '';
    const rtcp = stats.rtcp;
    if (rtcp?.ourStreamAtFarEnd) {
      // RFC 3550 §6.4: the far side's receiver report counts our packets, so the path out works.
      return {
        verdict: 'one-way-out',
        message: `one-way audio: we sent ${sent} packets to ${to} and the far side's RTCP says they arrive (highest sequence ${rtcp.ourStreamAtFarEnd.highestSeq % 65536}, ${rtcp.ourStreamAtFarEnd.cumulativeLost} lost), but none of its RTP reaches us — ${rtcp.farSentPackets ? `it says it sent ${rtcp.farSentPackets}: NAT/firewall on our side, or it sends to a private address` : 'it sends none (muted, or its media is on hold)'}`,
        notes,
      };
    }
    if (rtcp && rtcp.received > 0) {
      return {
        verdict: 'one-way-out',
        message: `one-way audio: we sent ${sent} packets to ${to} and received none; the far side's RTCP reaches us from ${rtcp.from ? fmt(rtcp.from) : 'it'} but reports none of our packets — our RTP does not reach it (wrong address or a firewall on the way out), and its RTP does not reach us${privateTarget}`,
        notes,
      };
    }
    return {
      verdict: 'one-way-out',
      message: `one-way audio: we sent ${sent} packets to ${to} but nothing came back, not even RTCP — the far side's RTP does not reach us (NAT/firewall on our side, or the far side sends to a private address)${privateTarget}`,
      notes,
    };
  }
  if (kind === 'one-way-in') {
    return {
      verdict: 'one-way-in',
      message: `one-way audio: we received ${received} packets from ${from} but sent none — ${whyNotSending(stats)}`,
      notes,
    };
  }
  return {
    verdict: 'none',
    message: `no audio either way: nothing was sent or received — ${whyNotSending(stats)}`,
    notes,
  };
}

function moveNotes(stats: RtpStats): string[] {
  return (stats.moves ?? []).map(
    (m) =>
      `the far side moved its media from ${fmt(m.from)} to ${fmt(m.to)} after ${(m.atMs / 1000).toFixed(1)} s (re-INVITE/UPDATE); before that we sent ${m.sentBefore} and received ${m.receivedBefore} packets`,
  );
}

function whyNotSending(stats: RtpStats): string {
  if (!stats.started) return 'the stream was never started';
  if (stats.sent.sendErrors > 0 && stats.sent.lastSendError) {
    return `the network refused our packets (${stats.sent.lastSendError})`;
  }
  if (stats.mode === 'none') return 'sending was switched off (mode none)';
  return 'no packet could be sent';
}

function observations(stats: RtpStats): string[] {
  const notes: string[] = [];
  if (stats.sourceMismatch && stats.seenFrom && stats.remote) {
    notes.push(
      `the far side's RTP comes from ${fmt(stats.seenFrom)}, not ${fmt(stats.remote)} as its SDP says: NAT or a media relay is in between — ${
        stats.latched
          ? 'we latched on and send to where its RTP comes from (symmetric RTP)'
          : 'our packets go to the SDP address and may be lost; a relay or symmetric RTP (latching) would fix it'
      }`,
    );
  }
  for (const source of stats.received.sources) {
    const who = source.ownStream
      ? 'our echoed stream'
      : `stream ${hex(source.ssrc)} from ${fmt(source.from)}`;
    if (source.fractionLost > LOSS_NOTE) {
      notes.push(
        `${who}: ${source.lost} of ${source.expected} packets lost (${percent(source.fractionLost)})`,
      );
    }
    if (source.jitterMs > JITTER_NOTE_MS) {
      notes.push(`${who}: jitter ${source.jitterMs.toFixed(1)} ms, enough for choppy audio`);
    }
  }
  if (stats.sent.sendErrors > 0) {
    notes.push(`${stats.sent.sendErrors} send error(s), last: ${stats.sent.lastSendError ?? 'unknown'}`);
  }
  if (stats.sent.skippedFrames > 0) {
    notes.push(`this computer stalled and skipped ${stats.sent.skippedFrames} frame(s) of our audio`);
  }
  return notes;
}

function busiest(sources: readonly SourceStats[]): SourceStats | undefined {
  // The far side's own stream tells more than our echo when both arrive.
  const ranked = [...sources].sort(
    (a, b) => Number(a.ownStream) - Number(b.ownStream) || b.packets - a.packets,
  );
  return ranked[0];
}

function fmt(endpoint: Endpoint): string {
  return endpoint.address.includes(':')
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction > 0 && fraction < 0.01 ? 2 : 1)}%`;
}

function hex(ssrc: number): string {
  return `0x${ssrc.toString(16).padStart(8, '0')}`;
}
