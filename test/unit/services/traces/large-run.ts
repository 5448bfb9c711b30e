// A load-test-sized run for the call list: 30,000 messages of 3,000 answered calls, 2,000
// keep-alives and 1,250 registrations of one binding (one Call-ID), interleaved by time.
import { callFlow, merge, optionsPing, refreshes, type Spec } from '../../shared/diagnostics/trace-builder';

export const LARGE_RUN = { calls: 3000, pings: 2000, registrations: 1250, messages: 30_000 } as const;

export function largeRun(): Spec[] {
  return merge(
    // 7 messages each.
    ...Array.from({ length: LARGE_RUN.calls }, (_, i) =>
      callFlow({ at: i * 0.4, callId: `call-${i}`, holdFor: 3 }),
    ),
    // 2 each.
    ...Array.from({ length: LARGE_RUN.pings }, (_, i) => optionsPing(i * 0.6 + 0.1)),
    // 4 each (challenged).
    refreshes(
      Array.from({ length: LARGE_RUN.registrations }, (_, i) => i * 1.2 + 0.2),
      { expires: 3600 },
    ),
  );
}
