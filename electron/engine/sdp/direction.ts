// Direction arithmetic of RFC 3264 §6.1: the answer mirrors the offer, and c=0.0.0.0 means hold.
import type { MediaDirection } from './sdp-types';

/**
 * RFC 3264 §6.1: "If a stream is offered as sendonly, the corresponding stream MUST be marked as
 * recvonly or inactive in the answer. If a media stream is listed as recvonly in the offer, the
 * answer MUST be marked as sendonly or inactive ... sendrecv ... MAY be marked as sendonly,
 * recvonly, or inactive" — we answer sendrecv to sendrecv.
 */
export function mirror(direction: MediaDirection): MediaDirection {
  switch (direction) {
    case 'sendonly':
      return 'recvonly';
    case 'recvonly':
      return 'sendonly';
    default:
      return direction;
  }
}

export function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

export function receives(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

/** Drops the sending half: the far side gave no address to send to (hold, RFC 3264 §8.4). */
export function withoutSend(direction: MediaDirection): MediaDirection {
  if (direction === 'sendrecv') return 'recvonly';
  if (direction === 'sendonly') return 'inactive';
  return direction;
}

/** RFC 3264 §8.4: the old hold convention of c=0.0.0.0 (and :: by analogy). */
export function isHoldAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
