import { describe, expect, it } from 'vitest';
import { callLoad } from '../../../../shared/diagnostics/call-load';
import { callFlow, CARRIER, merge, PBX, T0, trace } from './trace-builder';

describe('callLoad', () => {
  it('counts attempts per second and the peak of concurrent calls per direction', () => {
    const specs = merge(
      callFlow({ at: 0.1, callId: 'o1', holdFor: 3 }), // up 0.1 → 5.1
      callFlow({ at: 0.6, callId: 'o2', holdFor: 1 }), // up 0.6 → 3.6
      callFlow({ at: 2.2, callId: 'i1', caller: CARRIER, callee: PBX, holdFor: 1 }), // up 2.2 → 5.2
      callFlow({ at: 4, callId: 'f1', finalStatus: [486, 'Busy Here'] }), // up 4.0 → 4.1
    );
    const load = callLoad(trace(specs), { pbxAddresses: [PBX] });
    expect(load.calls).toBe(4);
    expect(load.truncated).toBe(false);
    expect(
      load.seconds.map((s) => [
        s.second,
        s.attempts.outbound,
        s.attempts.inbound,
        s.concurrent.outbound,
        s.concurrent.inbound,
        s.concurrent.total,
      ]),
    ).toEqual([
      [0, 2, 0, 2, 0, 2],
      [1, 0, 0, 2, 0, 2],
      [2, 0, 1, 2, 1, 3],
      [3, 0, 0, 2, 1, 3],
      [4, 1, 0, 2, 1, 3],
      [5, 0, 0, 1, 1, 2],
    ]);
    expect(load.seconds[0]?.epochSecond).toBe(T0);
    expect(load.peak).toEqual({
      attemptsPerSecond: { inbound: 1, outbound: 2, unknown: 0, total: 2 },
      concurrent: { inbound: 1, outbound: 2, unknown: 0, total: 3 },
    });
  });

  it('is empty without timed calls', () => {
    expect(callLoad([]).seconds).toEqual([]);
    expect(callLoad(trace(callFlow({ at: 0, callId: 'x' }).map((s) => ({ text: s.text })))).calls).toBe(0);
  });
});
