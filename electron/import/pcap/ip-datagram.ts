// What the IP layer hands to UDP and TCP, and what it hands to fragment reassembly. Bytes are
// referenced in place (views of the file, or of one reassembled buffer), never copied per packet.
// Node Buffers rather than plain Uint8Arrays for their native latin1Slice and indexOf.

/** A transport-layer payload with the addresses of the datagram that carried it. */
export interface IpDatagram {
  readonly family: 4 | 6;
  /** IPv4 Protocol / IPv6 upper-layer Next Header (RFC 791 §3.1, RFC 8200 §4). */
  readonly protocol: number;
  /** Holds the source and destination addresses at srcAt / dstAt. */
  readonly addressBytes: Buffer;
  readonly srcAt: number;
  readonly dstAt: number;
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

/** One fragment of a datagram (RFC 791 §3.2, RFC 8200 §4.5). */
export interface IpFragment {
  /** Source, destination, protocol (IPv4 only) and identification: what RFC 791 / 8200 reassemble by. */
  readonly key: string;
  readonly family: 4 | 6;
  /** IPv4: the Protocol. IPv6: the Next Header of the fragmentable part (from the first fragment). */
  readonly protocol: number;
  readonly addressBytes: Buffer;
  readonly srcAt: number;
  readonly dstAt: number;
  /** Offset of this fragment's data in the original datagram's payload, in bytes. */
  readonly offset: number;
  readonly more: boolean;
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

export type IpReadResult =
  | { readonly kind: 'datagram'; readonly datagram: IpDatagram }
  | { readonly kind: 'fragment'; readonly fragment: IpFragment }
  | { readonly kind: 'skip'; readonly reason: string };

export const SNAPLEN_REASON = "cut short by the capture's snaplen (captured less than the packet)";

export function skip(reason: string): IpReadResult {
  return { kind: 'skip', reason };
}

/** Address bytes as part of a fragment map key (fragments are rare, so this allocation is too). */
export function addressKey(b: Buffer, at: number, length: number): string {
  return b.toString('hex', at, at + length);
}
