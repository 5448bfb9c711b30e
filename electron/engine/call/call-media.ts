// What a call needs from its media: a local RTP address for the SDP, start once the SDP is
// settled, DTMF, and a report at the end. The RTP engine (../rtp) implements it; the call layer
// stays free of packet details.
import type { Endpoint } from '../../../shared/trace-types';
import type { CodecName } from '../sdp/codecs';

export type MediaMode = 'tone' | 'silence' | 'none';

export interface MediaPlan {
  readonly remote: Endpoint;
  readonly codec: { readonly name: CodecName; readonly payloadType: number; readonly clockRate: number };
  readonly dtmfPayloadType?: number;
  readonly mode: MediaMode;
  /** Reflect what arrives back to its source (inbound echo test). */
  readonly echo?: boolean;
}

export interface MediaReport {
  readonly verdict: 'two-way' | 'one-way-out' | 'one-way-in' | 'none';
  readonly message: string;
  readonly packetsSent: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
  readonly jitterMs?: number;
  /** From start() to the first packet received. */
  readonly firstPacketMs?: number;
  /** Where RTP actually came from, when it differs from the SDP (symmetric RTP / NAT). */
  readonly receivedFrom?: Endpoint;
  readonly dtmfReceived: string;
}

export interface CallMediaSession {
  /** Our RTP address and port as bound (the SDP uses the call's contact address). */
  readonly localPort: number;
  start(plan: MediaPlan): void;
  /** Update the far side's address after a re-INVITE/UPDATE. */
  retarget(remote: Endpoint): void;
  sendDtmf(digits: string): Promise<void>;
  report(): MediaReport;
  stop(): Promise<MediaReport>;
}

export type MediaFactory = () => Promise<CallMediaSession>;
