// Which of a response's challenges to answer, and with which qop.

import { algorithmSpec } from './digest-algorithms';
import type { DigestChallenge } from './digest-challenge';

export type DigestQop = 'auth' | 'auth-int';

/**
 * The qop to answer with: 'auth' when offered; 'auth-int' only when it is the only one we know
 * (it needs the body hashed and gains nothing for a tester); undefined for the legacy form with
 * no qop (RFC 2617 §3.2.2.1, RFC 2069); null when the server offers only qop values we cannot do.
 */
export function selectQop(offered: readonly string[]): DigestQop | undefined | null {
  if (offered.length === 0) return undefined;
  if (offered.includes('auth')) return 'auth';
  if (offered.includes('auth-int')) return 'auth-int';
  return null;
}

/** True when SIP Field Kit can compute an answer: known algorithm and an acceptable qop. */
export function canAnswer(challenge: DigestChallenge): boolean {
  return algorithmSpec(challenge.algorithm) !== undefined && selectQop(challenge.qop) !== null;
}

function qopPreference(challenge: DigestChallenge): number {
  const qop = selectQop(challenge.qop);
  return qop === 'auth' ? 2 : qop === 'auth-int' ? 1 : 0;
}

/**
 * The strongest challenge we can answer: SHA-512-256 > SHA-256 > MD5 (a "-sess" variant ranks
 * with its base), then one offering qop=auth, then the earliest, since RFC 8760 §2.3 has the
 * server list its challenges most preferred first. Unsupported algorithms are never chosen.
 */
export function chooseChallenge(challenges: readonly DigestChallenge[]): DigestChallenge | undefined {
  let best: DigestChallenge | undefined;
  let bestStrength = 0;
  let bestQop = -1;
  for (const challenge of challenges) {
    const spec = algorithmSpec(challenge.algorithm);
    if (spec === undefined || !canAnswer(challenge)) continue;
    const qop = qopPreference(challenge);
    // Strictly better only, so that among equals the first one listed wins.
    if (spec.strength > bestStrength || (spec.strength === bestStrength && qop > bestQop)) {
      best = challenge;
      bestStrength = spec.strength;
      bestQop = qop;
    }
  }
  return best;
}
