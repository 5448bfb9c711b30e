// delta-seconds (RFC 3261 §25.1) at the start of a header value: Expires (§20.19), an expires
// parameter, Min-Expires, and Retry-After (§20.33), which may carry a comment and parameters after
// it ("120 (in a meeting);duration=3600"). Tolerant: undefined instead of throwing.

export function parseDeltaSeconds(value: string | undefined): number | undefined {
  const m = /^\s*(\d+)/.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
}
