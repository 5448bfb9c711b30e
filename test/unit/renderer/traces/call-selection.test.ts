import { describe, expect, it } from 'vitest';
import { clickCall, NO_SELECTION, stepCall } from '../../../../renderer/src/traces/call-selection';

const LIST = ['a', 'b', 'c', 'd', 'e'];
const plain = { toggle: false, range: false };
const ctrl = { toggle: true, range: false };
const shift = { toggle: false, range: true };

describe('call list selection', () => {
  it('a click selects just that call', () => {
    const s = clickCall({ callIds: ['a', 'b'], anchor: 'a' }, LIST, 'c', plain);
    expect(s.callIds).toEqual(['c']);
  });

  it('Ctrl-click adds and removes calls, kept in list order', () => {
    let s = clickCall(NO_SELECTION, LIST, 'd', plain);
    s = clickCall(s, LIST, 'b', ctrl);
    expect(s.callIds).toEqual(['b', 'd']);
    s = clickCall(s, LIST, 'd', ctrl);
    expect(s.callIds).toEqual(['b']);
  });

  it('Shift-click selects the range from the anchor, either way', () => {
    const s = clickCall(clickCall(NO_SELECTION, LIST, 'b', plain), LIST, 'd', shift);
    expect(s.callIds).toEqual(['b', 'c', 'd']);
    expect(clickCall(s, LIST, 'a', shift).callIds).toEqual(['a', 'b']);
  });

  it('Shift-click without an anchor is a plain click', () => {
    expect(clickCall(NO_SELECTION, LIST, 'c', shift).callIds).toEqual(['c']);
  });

  it('keeps a selected call that left the list (re-queried) at the end', () => {
    const s = clickCall({ callIds: ['zz'], anchor: 'zz', cursor: 'zz' }, LIST, 'b', ctrl);
    expect(s.callIds).toEqual(['b', 'zz']);
  });

  it('Down/Up move the selection one call, starting at the ends', () => {
    let s = stepCall(NO_SELECTION, LIST, 1, false);
    expect(s.callIds).toEqual(['a']);
    s = stepCall(s, LIST, 1, false);
    expect(s.callIds).toEqual(['b']);
    expect(stepCall(NO_SELECTION, LIST, -1, false).callIds).toEqual(['e']);
    expect(stepCall({ callIds: ['e'], anchor: 'e', cursor: 'e' }, LIST, 1, false).callIds).toEqual(['e']);
  });

  it('Shift+Down extends from the anchor and Shift+Up shrinks back', () => {
    let s = clickCall(NO_SELECTION, LIST, 'b', plain);
    s = stepCall(s, LIST, 1, true);
    s = stepCall(s, LIST, 1, true);
    expect(s.callIds).toEqual(['b', 'c', 'd']);
    s = stepCall(s, LIST, -1, true);
    expect(s.callIds).toEqual(['b', 'c']);
  });
});
