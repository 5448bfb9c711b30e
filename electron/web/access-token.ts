// The secret that keeps other local users, and web pages open in the same browser, away from the
// web mode: it is only in the URL printed at start-up, and required for the page and the WebSocket.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
