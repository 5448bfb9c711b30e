import { describe, expect, it } from 'vitest';
import type { CallView } from '../../../../shared/ipc/schemas/live';
import { callClockText, NO_ANSWER_GIVE_UP_S } from '../../../../renderer/src/call/call-clock';

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
  it('counts down to when an unanswered INVITE is given up (timer B)', () => {
    expect(callClockText(call({}), T0 + 4_200)).toBe(
      `No answer to the INVITE yet after 4 s, re-sending it; giving up in ${NO_ANSWER_GIVE_UP_S - 4} s`,
    );
    expect(callClockText(call({}), T0 + 40_000)).toMatch(/giving up in 0 s$/);
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
