// The SDP answer of an incoming test call (RFC 3264 §6): accept the first audio stream with the
// first offered codec we can send, echo telephone-event, and reject every other stream.
import {
  codecFor,
  describePayload,
  isTelephoneEvent,
  payloadInfo,
  TELEPHONE_EVENT,
  type CodecInfo,
  type CodecName,
} from './codecs';
import { mirror } from './direction';
import { newSessionId, renderSdp, sessionHeader } from './sdp-render';
import { SdpNegotiationError } from './sdp-negotiation-error';
import type { ParsedSdp, SdpMedia } from './sdp-types';

export interface AnswerOptions {
  readonly address: string;
  readonly port: number;
  /** The codecs we can send; the offerer's order decides among them (RFC 3264 §6.1). */
  readonly supported: readonly CodecName[];
  readonly sessionId?: string;
  readonly ptimeMs?: number;
}

/** RTP/AVP and its feedback variant carry plain RTP; SAVP means SRTP, which we do not do. */
export function isPlainRtp(proto: string): boolean {
  return /^RTP\/AVPF?$/i.test(proto);
}

interface Choice {
  readonly codec: CodecInfo;
  readonly payloadType: number;
  readonly dtmfPayloadType?: number;
}

/** Throws SdpNegotiationError (488) when no offered stream can be accepted. */
export function buildAnswer(offer: ParsedSdp, opts: AnswerOptions): string {
  const audioIndex = offer.media.findIndex((m) => m.type === 'audio' && m.port !== 0);
  if (audioIndex < 0) {
    throw new SdpNegotiationError(
      offer.media.length === 0
        ? 'the offer has no media lines'
        : 'the offer has no active audio stream (every m=audio has port 0, or there is none)',
    );
  }
  const audio = offer.media[audioIndex] as SdpMedia;
  if (!isPlainRtp(audio.proto)) {
    throw new SdpNegotiationError(
      `the offer's audio uses ${audio.proto}; we only do plain RTP (RTP/AVP) — SRTP/DTLS is not supported`,
    );
  }
  const choice = chooseCodec(audio, opts.supported);

  const lines = sessionHeader({
    address: opts.address,
    sessionId: opts.sessionId ?? newSessionId(),
    sessionVersion: '1',
  });
  offer.media.forEach((media, index) => {
    if (index !== audioIndex) {
      // RFC 3264 §6: "The answer MUST contain exactly the same number of "m=" lines as the
      // offer"; a rejected stream gets port 0 and keeps at least one format.
      lines.push(`m=${media.type} 0 ${media.proto} ${media.formats.join(' ') || '0'}`);
      return;
    }
    const payloads = [choice.payloadType];
    if (choice.dtmfPayloadType !== undefined) payloads.push(choice.dtmfPayloadType);
    lines.push(`m=audio ${opts.port} ${media.proto} ${payloads.join(' ')}`);
    lines.push(`a=rtpmap:${choice.payloadType} ${choice.codec.name}/${choice.codec.clockRate}`);
    if (choice.dtmfPayloadType !== undefined) {
      // RFC 3264 §6.1: for dynamic types the answer uses the offer's number, so we echo it, and
      // its event list (RFC 4733 §7.1.1), since we receive whatever it sends.
      lines.push(
        `a=rtpmap:${choice.dtmfPayloadType} ${TELEPHONE_EVENT.encoding}/${TELEPHONE_EVENT.clockRate}`,
        `a=fmtp:${choice.dtmfPayloadType} ${media.fmtp.get(choice.dtmfPayloadType) ?? TELEPHONE_EVENT.events}`,
      );
    }
    lines.push(`a=ptime:${opts.ptimeMs ?? 20}`, `a=${mirror(media.direction)}`);
  });
  return renderSdp(lines);
}

function chooseCodec(audio: SdpMedia, supported: readonly CodecName[]): Choice {
  const allowed = new Set(supported);
  let picked: { codec: CodecInfo; payloadType: number } | undefined;
  let dtmfPayloadType: number | undefined;
  // RFC 3264 §6.1: the offerer lists formats in its order of preference; take the first we can do.
  for (const pt of audio.payloads) {
    const info = payloadInfo(audio, pt);
    const codec = codecFor(info);
    if (!picked && codec && allowed.has(codec.name)) picked = { codec, payloadType: pt };
    if (dtmfPayloadType === undefined && isTelephoneEvent(info)) dtmfPayloadType = pt;
  }
  if (!picked) {
    const offered = audio.payloads.map((pt) => describePayload(audio, pt)).join(', ') || 'nothing';
    throw new SdpNegotiationError(
      `no codec in common: the offer lists ${offered}; we can send ${supported.join(', ') || 'nothing'}`,
    );
  }
  return dtmfPayloadType === undefined ? picked : { ...picked, dtmfPayloadType };
}
