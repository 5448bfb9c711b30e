// The SDP side of one answered call: our offer when the caller sent none (delayed offer, RFC 3261
// §13.2.1: our offer goes in the 2xx and the caller's answer in the ACK), our answer to its offers
// (the INVITE's, a re-INVITE's or an UPDATE's), and what each exchange settled. One session id and
// an o= version that grows with each description we send (RFC 3264 §8).
import { buildAnswer } from '../sdp/build-answer';
import { buildOffer } from '../sdp/build-offer';
import { SUPPORTED_CODECS } from '../sdp/codecs';
import { negotiated, type NegotiatedMedia } from '../sdp/negotiated';
import { parseSdp } from '../sdp/parse-sdp';
import { newSessionId } from '../sdp/sdp-render';
import type { ParsedSdp } from '../sdp/sdp-types';

export interface SdpExchange {
  /** The description we send back (the answer, or our offer). */
  readonly sdp: string;
  readonly plan: NegotiatedMedia;
}

export class CallSdp {
  private readonly sessionId = newSessionId();
  private version = 0;

  constructor(
    private readonly address: string,
    private readonly port: number,
  ) {}

  /** Our offer, for a 2xx to an INVITE (or re-INVITE) that carried none. */
  offer(): string {
    this.version++;
    return buildOffer({
      address: this.address,
      port: this.port,
      sessionId: this.sessionId,
      sessionVersion: this.version,
    });
  }

  /** Our answer to their offer; throws with the reason when it is unusable (488). */
  answer(offerText: string, contentType?: string): SdpExchange {
    const offer = readDescription(offerText, contentType);
    const plan = negotiated(offer, offer, 'answerer');
    const sdp = buildAnswer(offer, {
      address: this.address,
      port: this.port,
      supported: SUPPORTED_CODECS,
      sessionId: this.sessionId,
    });
    return { sdp, plan };
  }

  /** What their answer (in the ACK, RFC 3264 §5) to our offer settled; throws when unusable. */
  readAnswer(ourOffer: string, answerText: string, contentType?: string): NegotiatedMedia {
    if (answerText.trim() === '')
      throw new Error(
        'the ACK carried no SDP answer to our offer in the 200 OK (RFC 3261 §13.2.1: with a delayed offer the answer goes in the ACK)',
      );
    return negotiated(parseSdp(ourOffer), readDescription(answerText, contentType), 'offerer');
  }
}

/** An SDP body checked for what we need to send media; throws with the reason. */
export function readDescription(text: string, contentType?: string): ParsedSdp {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (text !== '' && type !== 'application/sdp')
    throw new Error(`the body is ${type || 'untyped'}, not application/sdp`);
  const sdp = parseSdp(text);
  const broken = unusableDescription(sdp);
  if (broken) throw new Error(broken);
  return sdp;
}

/**
 * A description too broken to use (RFC 8866 §5: v=, o= and s= come first and are mandatory; a c=
 * or m= line that does not parse leaves no address or port to send to). The reader is tolerant
 * of everything else, as real PBXs need it to be.
 */
export function unusableDescription(sdp: ParsedSdp): string | undefined {
  if (sdp.version !== 0) return 'the SDP has no v=0 line';
  if (!sdp.origin) return 'the SDP has no valid o= line';
  const broken = sdp.problems.find((p) => /^line \d+: "[cm]\s*=/i.test(p));
  return broken ? `the SDP does not parse: ${broken}` : undefined;
}

/** An INVITE without an offer: no body at all, or one that is not SDP-typed and empty. */
export function isDelayedOffer(body: string | undefined): boolean {
  return (body ?? '').trim() === '';
}
