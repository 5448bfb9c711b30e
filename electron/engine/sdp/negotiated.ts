// What an offer/answer exchange settled (RFC 3264 §5, §6): the codec to send, the DTMF payload
// type, where to send, and in which directions, seen from our side of the call.
import {
  codecFor,
  describePayload,
  isTelephoneEvent,
  payloadInfo,
  SUPPORTED_CODECS,
  type CodecName,
} from './codecs';
import { isHoldAddress, mirror, withoutSend } from './direction';
import { SdpNegotiationError } from './sdp-negotiation-error';
import type { Endpoint, MediaDirection, ParsedSdp, SdpMedia } from './sdp-types';

export interface NegotiatedMedia {
  readonly codec: { readonly name: CodecName; readonly payloadType: number; readonly clockRate: number };
  readonly dtmfPayloadType?: number;
  /** Where our RTP goes: the far side's c= address and m= port. */
  readonly remote: Endpoint;
  /** Our direction: sendrecv, sendonly (we only send), recvonly, inactive. */
  readonly direction: MediaDirection;
  /** The packet time the far side asked for, when it asked (RFC 8866 §6.4). */
  readonly remotePtimeMs?: number;
}

/**
 * `role` says which side we were: the offerer sends to the answer's address, the answerer to the
 * offer's. Throws SdpNegotiationError when the pair does not make an audio call.
 */
export function negotiated(
  offer: ParsedSdp,
  answer: ParsedSdp,
  role: 'offerer' | 'answerer' = 'offerer',
): NegotiatedMedia {
  // RFC 3264 §6: the answer's m= lines pair with the offer's by position.
  if (answer.media.length !== offer.media.length) {
    throw new SdpNegotiationError(
      `the answer has ${answer.media.length} media line(s) but the offer had ${offer.media.length} (RFC 3264 §6 requires the same number)`,
    );
  }
  const index = answer.media.findIndex(
    (m, i) => m.type === 'audio' && m.port !== 0 && offer.media[i]?.port !== 0,
  );
  if (index < 0) {
    throw new SdpNegotiationError('the answer rejected the audio stream (m=audio with port 0)');
  }
  const offered = offer.media[index] as SdpMedia;
  const answered = answer.media[index] as SdpMedia;

  const codec = pickCodec(offered, answered);
  const dtmfPayloadType = answered.payloads.find(
    (pt) => isTelephoneEvent(payloadInfo(answered, pt)) && isTelephoneEvent(payloadInfo(offered, pt)),
  );

  const theirs = role === 'offerer' ? { sdp: answer, media: answered } : { sdp: offer, media: offered };
  const connection = theirs.media.connection ?? theirs.sdp.connection;
  if (!connection) {
    throw new SdpNegotiationError(
      `the ${role === 'offerer' ? 'answer' : 'offer'} gives no c= address for its audio (RFC 8866 §5.7)`,
    );
  }
  // The answer's direction attribute is the answerer's view: ours if we answered, mirrored if not.
  let direction = role === 'answerer' ? answered.direction : mirror(answered.direction);
  if (isHoldAddress(connection.address)) direction = withoutSend(direction);

  return {
    codec: { name: codec.name, payloadType: codec.payloadType, clockRate: codec.clockRate },
    ...(dtmfPayloadType === undefined ? {} : { dtmfPayloadType }),
    remote: { address: connection.address, port: theirs.media.port },
    direction,
    ...(theirs.media.ptime === undefined ? {} : { remotePtimeMs: theirs.media.ptime }),
  };
}

function pickCodec(
  offered: SdpMedia,
  answered: SdpMedia,
): { name: CodecName; payloadType: number; clockRate: number } {
  // RFC 3264 §7: the offerer sends with a format from the answer; the first listed is preferred.
  for (const pt of answered.payloads) {
    const codec = codecFor(payloadInfo(answered, pt));
    if (!codec) continue;
    if (!offered.payloads.includes(pt)) {
      throw new SdpNegotiationError(
        `the answer chose ${describePayload(answered, pt)}, which the offer did not list (RFC 3264 §6.1)`,
      );
    }
    return { name: codec.name, payloadType: pt, clockRate: codec.clockRate };
  }
  const listed = answered.payloads.map((pt) => describePayload(answered, pt)).join(', ') || 'nothing';
  throw new SdpNegotiationError(
    `no usable codec in the answer: it lists ${listed}; we can send ${SUPPORTED_CODECS.join(', ')}`,
  );
}
