// Which way audio flowed, from one side's point of view: the one verdict a live test call and an
// imported or captured call both give. "out" is what that side sent, "in" what it received.
// Pure, so the engine (live calls) and the diagnostics (captures) share it.

export type MediaVerdictKind = 'two-way' | 'one-way-out' | 'one-way-in' | 'none';

/** Packets sent and received by one side; either count may be 0. */
export function verdictKind(sent: number, received: number): MediaVerdictKind {
  if (sent > 0 && received > 0) return 'two-way';
  if (sent > 0) return 'one-way-out';
  if (received > 0) return 'one-way-in';
  return 'none';
}
