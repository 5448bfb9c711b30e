// When to refresh a registration and how long to back off. Pure functions of the numbers, so the
// rules (provider minimum interval, 429 back-off) are unit-tested without a network.

export interface RefreshPlan {
  /** Seconds from the 2xx to the next refresh REGISTER. */
  readonly refreshInS: number;
  /** Set when the provider's minimum interval makes the binding lapse before we may refresh. */
  readonly lapseWarning?: string;
}

/**
 * Refresh before the binding expires, early enough for a whole non-INVITE transaction (64*T1 =
 * 32 s) to fail and be retried, but never sooner than the provider allows (rule reg.interval:
 * "Do not set your PBX to register more frequently than 100 seconds").
 */
export function planRefresh(grantedS: number, minIntervalS = 0): RefreshPlan {
  const lead = Math.min(32, grantedS / 2);
  const wanted = Math.max(1, grantedS - lead);
  const refreshInS = Math.max(wanted, minIntervalS);
  const lapseWarning =
    refreshInS >= grantedS
      ? `the registrar granted ${grantedS} s but the provider allows a refresh only every ${minIntervalS} s: the binding will lapse for ${Math.round(refreshInS - grantedS)} s each time`
      : undefined;
  return { refreshInS, lapseWarning };
}

/**
 * Seconds to wait after a 429 Too Many Requests (rule reg.429). Retry-After is honoured when
 * given; otherwise the wait starts at the provider's minimum interval (at least 60 s) and doubles
 * with each consecutive 429 up to an hour. Either way, never sooner than the minimum interval:
 * retrying into a rate limit is how a PBX gets blocked.
 */
export function backoffAfter429(
  consecutive: number,
  retryAfterS: number | undefined,
  minIntervalS = 0,
): number {
  if (retryAfterS !== undefined && Number.isFinite(retryAfterS) && retryAfterS > 0) {
    return Math.max(retryAfterS, minIntervalS);
  }
  const base = Math.max(60, minIntervalS);
  return Math.min(3600, base * 2 ** Math.max(0, consecutive - 1));
}
