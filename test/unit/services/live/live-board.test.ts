import { describe, expect, it } from 'vitest';
import { LiveBoard, MAX_ENDED_CALLS } from '../../../../electron/services/live/live-board';
import { startingView } from '../../../../electron/services/live/registration-view';
import type { CallView } from '../../../../shared/ipc/schemas/live';

function call(n: number, state: CallView['state']): CallView {
  return {
    key: `out-${n}`,
    targetId: 'pbx-abc123',
    direction: 'out',
    state,
    from: 'a',
    to: 'b',
    startedAtMs: n,
    progress: [],
    message: '',
  };
}

describe('LiveBoard', () => {
  it('keeps every call in progress but only the newest ended ones, so a long session stays small', () => {
    const board = new LiveBoard(() => undefined);
    board.putCall(call(0, 'answered'));
    for (let n = 1; n <= MAX_ENDED_CALLS + 20; n++) board.putCall(call(n, n % 2 ? 'ended' : 'failed'));
    const keys = board.snapshot().calls.map((c) => c.key);
    expect(keys).toHaveLength(MAX_ENDED_CALLS + 1);
    expect(keys[0]).toBe('out-0');
    expect(keys[1]).toBe('out-21');
    expect(keys.at(-1)).toBe(`out-${MAX_ENDED_CALLS + 20}`);
  });

  it('tells about a change only when a view really changed', () => {
    let changes = 0;
    const board = new LiveBoard(() => changes++);
    board.putRegistration(startingView('pbx-abc123', 'reg.example.com', 1));
    board.updateRegistration('pbx-abc123', 'reg.example.com', (v) => v);
    board.updateRegistration('other-abc123', 'reg.example.com', (v) => ({ ...v, message: 'x' }));
    expect(changes).toBe(1);
    board.updateRegistration('pbx-abc123', 'reg.example.com', (v) => ({ ...v, message: 'x' }));
    expect(changes).toBe(2);
    expect(board.registrationsOf('pbx-abc123').map((v) => v.message)).toEqual(['x']);
  });
});
