import { describe, expect, it } from 'vitest';
import type { CallView } from '../../../../shared/ipc/schemas/live';
import { callClockText } from '../../../../renderer/src/call/call-clock';

// The ticking line under a live call: nothing slow goes by without a word.

const T0 = 1_700_000_000_000;
const call = (over: Partial<CallView>): CallView => ({
  key: 'out-1',
  targetId: 'pbx-abc123',
  direction: 'out',
  state: 'calling',
  from: '100',
  to: '200',
  startedAtMs: T0,
  progress: [],
  message: 'Calling 200…',
  ...over,
});

describe('callClockText', () => {
  it("says the engine's send count and counts down to its timer B deadline", () => {
    const sent = call({ inviteSent: { count: 4, giveUpAtMs: T0 + 32_000 } });
    expect(callClockText(sent, T0 + 4_200)).toBe('No answer after 4 s: INVITE sent 4×, giving up in 28 s');
    expect(callClockText(sent, T0 + 40_000)).toMatch(/giving up in 0 s$/);
    // Before the engine has said anything, no guess.
    expect(callClockText(call({}), T0 + 1_000)).toBe('Calling for 1 s');
  });

  it('counts up once the far side answers anything, and shows how long an answered call is up', () => {
    expect(callClockText(call({ progress: ['100 Trying'] }), T0 + 3_000)).toBe('Calling for 3 s');
    expect(callClockText(call({ state: 'ringing', progress: ['180 Ringing'] }), T0 + 7_900)).toBe(
      'Ringing for 7 s',
    );
    expect(callClockText(call({ state: 'answered', answeredAtMs: T0 + 2_000 }), T0 + 14_000)).toBe('Up 12 s');
  });

  it('says nothing about a call that has ended', () => {
    expect(callClockText(call({ state: 'ended', endedAtMs: T0 + 5_000 }), T0 + 9_000)).toBeUndefined();
    expect(callClockText(call({ state: 'failed' }), T0 + 9_000)).toBeUndefined();
  });
});
