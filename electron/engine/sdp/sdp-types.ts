// The shape of a parsed session description (RFC 8866, which obsoletes RFC 4566). Only what a
// test call needs is modelled; everything else is kept as raw attributes.

/** RFC 8866 §5.7: the address type of a c= or o= line. */
export type AddressFamily = 'IP4' | 'IP6';

/** RFC 3264 §5.1 / RFC 8866 §6.7: the direction attributes. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpConnection {
  readonly address: string;
  readonly family: AddressFamily;
}

/** RFC 8866 §5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> */
export interface SdpOrigin {
  readonly username: string;
  readonly sessionId: string;
  readonly sessionVersion: string;
  readonly netType: string;
  readonly addrType: string;
  readonly address: string;
}

/** RFC 8866 §6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] */
export interface RtpMapEntry {
  readonly encoding: string;
  readonly clock: number;
  readonly channels?: number;
}

export interface SdpAttribute {
  readonly name: string;
  readonly value?: string;
}

export interface SdpMedia {
  /** "audio", "video", … */
  readonly type: string;
  /** 0 means the stream is rejected or disabled (RFC 3264 §5.1, §6). */
  readonly port: number;
  readonly portCount?: number;
  /** "RTP/AVP", "RTP/SAVP", … */
  readonly proto: string;
  /** The fmt list as written. */
  readonly formats: readonly string[];
  /** The fmt list as RTP payload types (RTP profiles only; others give []). */
  readonly payloads: readonly number[];
  /** Only the a=rtpmap lines present; static types without one resolve via payloadInfo(). */
  readonly rtpmap: ReadonlyMap<number, RtpMapEntry>;
  readonly fmtp: ReadonlyMap<number, string>;
  /** Media-level direction attribute, else the session-level one, else sendrecv. */
  readonly direction: MediaDirection;
  /** The media-level c= line, which overrides the session-level one (RFC 8866 §5.7). */
  readonly connection?: SdpConnection;
  readonly ptime?: number;
  /** RFC 3605 a=rtcp port, when given. */
  readonly rtcpPort?: number;
  readonly attributes: readonly SdpAttribute[];
}

export interface ParsedSdp {
  readonly version?: number;
  readonly origin?: SdpOrigin;
  readonly sessionName?: string;
  /** The session-level c= line. */
  readonly connection?: SdpConnection;
  /** The session-level direction attribute (sendrecv when absent). */
  readonly direction: MediaDirection;
  readonly media: readonly SdpMedia[];
  /** Lines that did not parse, quoted with their line number. Kept, never thrown. */
  readonly problems: readonly string[];
}

/** Where a stream's packets go: an IP address (or, rarely, a name) and a UDP port. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}
