// The audio codecs SIP Field Kit can send, and the RFC 3551 static payload type table used to
// resolve offers that rely on static types without a=rtpmap lines.
import type { RtpMapEntry, SdpMedia } from './sdp-types';

export type CodecName = 'PCMU' | 'PCMA' | 'G722';

export interface CodecInfo {
  readonly name: CodecName;
  /** The RFC 3551 static payload type. */
  readonly payloadType: number;
  /** The RTP timestamp clock. */
  readonly clockRate: number;
  /** The audio sampling rate, which differs from the RTP clock for G.722. */
  readonly sampleRate: number;
}

// RFC 3551 §4.5.2: "Even though the actual sampling rate for G.722 audio is 16,000 Hz, the RTP
// clock rate for the G722 payload format is 8,000 Hz because that value was erroneously assigned
// in RFC 1890." So every codec here advances the timestamp by 160 per 20 ms.
export const CODECS: Readonly<Record<CodecName, CodecInfo>> = {
  PCMU: { name: 'PCMU', payloadType: 0, clockRate: 8000, sampleRate: 8000 },
  PCMA: { name: 'PCMA', payloadType: 8, clockRate: 8000, sampleRate: 8000 },
  G722: { name: 'G722', payloadType: 9, clockRate: 8000, sampleRate: 16000 },
};

/** Everything the tone source can encode, in our order of preference. */
export const SUPPORTED_CODECS: readonly CodecName[] = ['PCMU', 'PCMA', 'G722'];

/** RFC 4733 §7.1.1: audio/telephone-event; we offer it on the conventional dynamic type 101. */
export const TELEPHONE_EVENT = {
  encoding: 'telephone-event',
  payloadType: 101,
  clockRate: 8000,
  /** RFC 4733 §2.3 events 0-15 are DTMF; 16 is flash. */
  events: '0-16',
} as const;

// RFC 3551 §6, table 4: the static audio payload types (the ones still seen in the wild).
const STATIC_AUDIO: ReadonlyMap<number, RtpMapEntry> = new Map<number, RtpMapEntry>([
  [0, { encoding: 'PCMU', clock: 8000, channels: 1 }],
  [3, { encoding: 'GSM', clock: 8000, channels: 1 }],
  [4, { encoding: 'G723', clock: 8000, channels: 1 }],
  [8, { encoding: 'PCMA', clock: 8000, channels: 1 }],
  [9, { encoding: 'G722', clock: 8000, channels: 1 }],
  [13, { encoding: 'CN', clock: 8000, channels: 1 }],
  [18, { encoding: 'G729', clock: 8000, channels: 1 }],
]);

/**
 * What a payload type in an m= line means: its a=rtpmap when present (RFC 8866 §6.6), else the
 * static assignment (RFC 3551 §6). Dynamic types without an rtpmap are unknown.
 */
export function payloadInfo(media: SdpMedia, payloadType: number): RtpMapEntry | undefined {
  return media.rtpmap.get(payloadType) ?? STATIC_AUDIO.get(payloadType);
}

/** The codec we implement behind an rtpmap entry, matching names case-insensitively (RFC 8866 §6.6). */
export function codecFor(entry: RtpMapEntry | undefined): CodecInfo | undefined {
  if (!entry) return undefined;
  const name = entry.encoding.toUpperCase();
  for (const codec of Object.values(CODECS)) {
    if (codec.name === name && codec.clockRate === entry.clock) return codec;
  }
  return undefined;
}

export function isTelephoneEvent(entry: RtpMapEntry | undefined): boolean {
  return (
    entry !== undefined &&
    entry.encoding.toLowerCase() === TELEPHONE_EVENT.encoding &&
    entry.clock === TELEPHONE_EVENT.clockRate
  );
}

/** "PCMU (0)", "G729 (18)", "pt 97" for messages. */
export function describePayload(media: SdpMedia, payloadType: number): string {
  const info = payloadInfo(media, payloadType);
  return info ? `${info.encoding}/${info.clock} (${payloadType})` : `payload type ${payloadType}`;
}
