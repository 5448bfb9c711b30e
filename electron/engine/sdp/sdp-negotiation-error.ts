// One error type for "these two descriptions do not make a call", so callers can answer 488 Not
// Acceptable Here (RFC 3261 §21.4.26, RFC 3264 §6) with the message as the reason.

export class SdpNegotiationError extends Error {
  override readonly name = 'SdpNegotiationError';
  /** The SIP status to answer an unacceptable offer with. */
  readonly status = 488;
}
