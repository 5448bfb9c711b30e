// The SDP offer of an outgoing test call (RFC 3264 §5): one audio stream, our codecs in order of
// preference, and RFC 4733 telephone-event for DTMF.
import { CODECS, SUPPORTED_CODECS, TELEPHONE_EVENT, type CodecName } from './codecs';
import { newSessionId, renderSdp, sessionHeader } from './sdp-render';
import type { MediaDirection } from './sdp-types';

export interface OfferOptions {
  /** The address the far side should send RTP to (ours, as it is reachable from there). */
  readonly address: string;
  /** Our RTP port. */
  readonly port: number;
  readonly sessionId?: string;
  /** Bump on re-offers (RFC 3264 §8: the version increases with each new offer). */
  readonly sessionVersion?: number;
  /** In order of preference; default PCMU, PCMA, G722. */
  readonly codecs?: readonly CodecName[];
  /** Offer telephone-event (default true). */
  readonly dtmf?: boolean;
  readonly direction?: MediaDirection;
  readonly ptimeMs?: number;
}

export function buildOffer(opts: OfferOptions): string {
  const codecs = [...new Set(opts.codecs ?? SUPPORTED_CODECS)];
  if (codecs.length === 0) throw new Error('an offer needs at least one codec');
  const dtmf = opts.dtmf ?? true;
  const payloads = codecs.map((name) => CODECS[name].payloadType);
  if (dtmf) payloads.push(TELEPHONE_EVENT.payloadType);

  const lines = sessionHeader({
    address: opts.address,
    sessionId: opts.sessionId ?? newSessionId(),
    sessionVersion: String(opts.sessionVersion ?? 1),
  });
  // RFC 8866 §5.14: m=<media> <port> <proto> <fmt> ...; the fmt order is our preference
  // (RFC 3264 §5.1: "the first format is the preferred one").
  lines.push(`m=audio ${opts.port} RTP/AVP ${payloads.join(' ')}`);
  // Static types need no rtpmap (RFC 3551), but many PBXs log or compare them; list them all.
  for (const name of codecs) {
    const codec = CODECS[name];
    lines.push(`a=rtpmap:${codec.payloadType} ${codec.name}/${codec.clockRate}`);
  }
  if (dtmf) {
    lines.push(
      `a=rtpmap:${TELEPHONE_EVENT.payloadType} ${TELEPHONE_EVENT.encoding}/${TELEPHONE_EVENT.clockRate}`,
      // RFC 4733 §7.1.1: the events we can receive.
      `a=fmtp:${TELEPHONE_EVENT.payloadType} ${TELEPHONE_EVENT.events}`,
    );
  }
  // RFC 8866 §6.4: a=ptime is the packet time we would like to receive.
  lines.push(`a=ptime:${opts.ptimeMs ?? 20}`, `a=${opts.direction ?? 'sendrecv'}`);
  return renderSdp(lines);
}
