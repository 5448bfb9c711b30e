// NAT on the answering side: a PBX behind NAT answers an INVITE with its private address in the
// 2xx Contact (and often the SDP c=). The caller sends the ACK (and later the BYE) to that Contact
// (RFC 3261 §12.1.2: the remote target; §13.2.2.4: the ACK goes there), so it never arrives; the
// PBX repeats its 200 OK until Timer H/64*T1 runs out (§13.3.1.4) and drops the call after ~32 s.
// The 200 OK's repeats are the symptom and the private Contact is the cause: this ties them.
import { formatEndpoint, isNonRoutable, normalizeAddress, sameAddress } from './address-scope';
import { retransmitSeries, type RetransmitSeries } from './retransmit-series';
import { sdpAddresses } from './sdp-lines';
import type { TraceIndex } from './trace-index';
import type { TraceMessage } from './trace-model';

export interface FarSideNat {
  /** The repeated 2xx, first copy first. */
  readonly copies: readonly TraceMessage[];
  /** Where the 2xx really came from. */
  readonly sender: string;
  readonly senderAddress: string;
  readonly contact: string;
  /** The private SDP c= of the 2xx, when it has one. */
  readonly media?: string;
  /** ACKs sent toward the private Contact (they went nowhere). */
  readonly acksToContact: readonly TraceMessage[];
  /** An ACK reached the sender in the end. */
  readonly ackedAtLast: boolean;
}

/** SDP that ICE handles (RFC 8445): c= is only a default, the candidates find the path. */
function iceHandled(msg: TraceMessage): boolean {
  return /^a=(candidate|ice-ufrag):/m.test(msg.doc.body);
}

function farSide(index: TraceIndex, s: RetransmitSeries): FarSideNat | undefined {
  const first = s.copies[0];
  const status = first?.doc.status ?? 0;
  if (!first?.src || !s.response || status < 200 || status >= 300) return undefined;
  const contact = first.doc.contacts[0]?.uri?.host;
  // A host name (a WebRTC client's "….invalid") is no address to judge.
  if (!contact || !isNonRoutable(contact) || sameAddress(contact, first.src.address)) return undefined;
  const media = iceHandled(first)
    ? undefined
    : sdpAddresses(first).find(
        (a) => isNonRoutable(a.address) && !sameAddress(a.address, first.src?.address ?? ''),
      )?.address;
  const acks = index.acks.filter((a) => a.doc.callId === s.tx.callId && a.doc.cseq?.seq === s.tx.cseq);
  const sender = first.src;
  return {
    copies: s.copies,
    sender: formatEndpoint(sender),
    senderAddress: sender.address,
    contact: normalizeAddress(contact),
    media: media !== undefined ? normalizeAddress(media) : undefined,
    acksToContact: acks.filter((a) => a.dst !== undefined && sameAddress(a.dst.address, contact)),
    ackedAtLast: acks.some((a) => a.dst?.address === sender.address && a.dst.port === sender.port),
  };
}

/** Every 2xx to INVITE repeated by a sender whose Contact is a private address it did not come from. */
export function farSideNats(index: TraceIndex): readonly FarSideNat[] {
  const out: FarSideNat[] = [];
  for (const s of retransmitSeries(index)) {
    const f = farSide(index, s);
    if (f) out.push(f);
  }
  return out;
}
